import AsyncKit
import FluentPostgresDriver
import NIOCore
import NIOPosix
import Vapor

/// Headers every response carries — pages, API answers, error pages and static files alike (it is
/// the outermost middleware): no framing, no MIME sniffing, a strict content policy; and, except
/// for static files, `Cache-Control: no-store`, so a shared computer's browser cache or a proxy
/// never keeps a page about people's records.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    /// HSTS (RFC 6797): a browser that reached the server over HTTPS uses nothing else for a year.
    var strictTransportSecurity = false

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        if strictTransportSecurity {
            response.headers.replaceOrAdd(name: .strictTransportSecurity, value: "max-age=31536000; includeSubDomains")
        }
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
        response.headers.replaceOrAdd(name: "Cross-Origin-Opener-Policy", value: "same-origin")
        response.headers.replaceOrAdd(name: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(self)")
        // FileMiddleware marks what it serves with an ETag; everything else is dynamic.
        if !response.headers.contains(name: .eTag), !response.headers.contains(name: .cacheControl) {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        return response
    }
}

/// A method the server has no route for at a path it knows answers 405 with the methods it has
/// (`Allow`), and one it knows nowhere (TRACE, CONNECT…) 405 as well, not 404.
struct MethodNotAllowedMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let known: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
        guard known.contains(request.method.rawValue) else {
            throw Abort(.methodNotAllowed, headers: ["Allow": "GET, HEAD, POST, PUT, PATCH, DELETE"], reason: request.t("error.method-not-allowed"))
        }
        do {
            return try await next.respond(to: request)
        } catch let abort as any AbortError where abort.status == .notFound && request.route == nil {
            let path = request.url.path.split(separator: "/").map(String.init)
            // Only the routes the router would pick for this path: `/plans/import` is POST's constant,
            // not GET's `/plans/:key`.
            let matching = request.application.routes.all.filter { Self.matches($0.path, path) }
            let best = matching.map { Self.constants($0.path) }.max() ?? 0
            let allowed = matching.filter { Self.constants($0.path) == best }.map(\.method)
            guard !allowed.isEmpty else { throw abort }
            var methods = Set(allowed.map(\.rawValue))
            if methods.contains("GET") { methods.insert("HEAD") }
            throw Abort(.methodNotAllowed, headers: ["Allow": methods.sorted().joined(separator: ", ")], reason: request.t("error.method-not-allowed"))
        }
    }

    private static func constants(_ pattern: [PathComponent]) -> Int {
        pattern.count { if case .constant = $0 { true } else { false } }
    }

    private static func matches(_ pattern: [PathComponent], _ path: [String]) -> Bool {
        if case .catchall = pattern.last { return path.count >= pattern.count - 1 && zip(pattern, path).allSatisfy { p, s in Self.matches(p, s) } }
        return pattern.count == path.count && zip(pattern, path).allSatisfy { p, s in Self.matches(p, s) }
    }

    private static func matches(_ component: PathComponent, _ segment: String) -> Bool {
        switch component {
        case .constant(let c): c == segment
        case .parameter, .anything, .catchall: true
        }
    }
}

/// Errors as JSON for the API and as a page in the user's language for browsers.
struct ErrorPageMiddleware: AsyncMiddleware {
    struct ErrorBody: Content {
        var error: Bool
        var reason: String
        /// The parameters or fields at fault, when the error names them.
        var errors: [Problem]?
    }

    /// One parameter or field at fault: `{"field": "page", "code": "out-of-range", "message": …}`.
    struct Problem: Content {
        var field: String
        var code: String
        var message: String
    }

    struct ErrorPage: Encodable {
        var page: PageContext
        var status: UInt
        var reason: String
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let (status, reason, headers) = Self.describe(error, request: request)
            if status == .internalServerError { request.logger.report(error: error) }
            if !Self.wantsJSON(request) {
                let context = ErrorPage(page: PageContext(request, title: request.t("error.title")), status: status.code, reason: reason)
                if let view = try? await request.view.render("shared/error", context) {
                    let response = try await view.encodeResponse(status: status, for: request)
                    response.headers.add(contentsOf: headers)
                    return response
                }
            }
            let response = Response(status: status, headers: headers)
            try response.content.encode(ErrorBody(error: true, reason: reason, errors: Self.problems(error, reason: reason)))
            return response
        }
    }

    /// The API, and a program that asks for JSON and not for HTML, get JSON; a browser gets a page.
    /// (`HTTPMediaType`'s equality treats `*/*` as matching JSON, so Chromium's
    /// `Accept: text/html,…,*/*;q=0.8` must not be asked "does it contain JSON".)
    static func wantsJSON(_ request: Request) -> Bool {
        if request.url.path.hasPrefix("/api/") { return true }
        let accept = request.headers[.accept].joined(separator: ",").lowercased()
        return accept.contains("application/json") && !accept.contains("text/html")
    }

    /// The parameters or fields an error names, for the API's `errors`.
    private static func problems(_ error: any Error, reason: String) -> [Problem]? {
        if let refusal = error as? FieldRefusal {
            return refusal.problems.map { Problem(field: $0.field, code: $0.code, message: $0.message) }
        }
        if let invalid = error as? InvalidParameter {
            return [Problem(field: invalid.parameter, code: String(invalid.problem.localizationKey.dropFirst("field.".count)), message: invalid.reason)]
        }
        if let decoding = error as? DecodingError, let field = field(of: decoding) {
            return [Problem(field: field, code: "malformed", message: reason)]
        }
        return nil
    }

    /// The body field a decoding error is about (`scores.K1`), nil for the body as a whole.
    private static func field(of error: DecodingError) -> String? {
        let path: [any CodingKey] = switch error {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): c.codingPath
        case .keyNotFound(let key, let c): c.codingPath + [key]
        @unknown default: []
        }
        let names = path.map { $0.intValue.map(String.init) ?? $0.stringValue }
        return names.isEmpty ? nil : names.joined(separator: ".")
    }

    private static func describe(_ error: any Error, request: Request) -> (HTTPResponseStatus, String, HTTPHeaders) {
        switch error {
        // Before AbortError: Vapor makes DecodingError one, with Swift's English description as its reason.
        case let decoding as DecodingError:
            let named = field(of: decoding).map { " «\($0)»: \(request.t("error.malformed-field"))" } ?? ""
            return (.badRequest, request.t("error.bad-request") + named, [:])
        case let abort as any AbortError:
            // Vapor's own refusals carry English reasons (or the bare status phrase): say them in the user's language.
            let reason: String = switch abort.status {
            case .unsupportedMediaType: request.t("error.unsupported-media-type")
            case .payloadTooLarge: request.t("error.too-large")
            case .notFound where abort.reason == "Not Found": request.t("error.not-found")
            case .badRequest where abort.reason == abort.status.reasonPhrase: request.t("error.bad-request")
            default: abort.reason
            }
            return (abort.status, reason, abort.headers)
        case let error as PSQLError where ["22021", "22P05"].contains(error.serverInfo?[.sqlState] ?? ""):
            // Text PostgreSQL cannot hold (a NUL in a multipart field): the request's fault, not the server's.
            return (.badRequest, request.t("error.bad-request"), [:])
        case _ where WriteConflict.isDuplicate(error):
            return (.conflict, request.t("error.conflict"), [:])
        case _ where DatabaseOutage.isOutage(error):
            return (.serviceUnavailable, request.t("error.unavailable"), ["Retry-After": "5"])
        default:
            return (.internalServerError, request.t("error.internal"), [:])
        }
    }
}

/// Failures that mean the database cannot be reached now (down, restarting, failing over, every
/// connection busy): answered 503 with `Retry-After`, so clients and load balancers wait and retry
/// rather than report a server bug.
enum DatabaseOutage {
    static func isOutage(_ error: any Error) -> Bool {
        if error is ConnectionPoolTimeoutError || error is ConnectionPoolError { return true }
        if let error = error as? PSQLError {
            switch error.code {
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed, .uncleanShutdown: return true
            default: break
            }
            // 57P01–57P03: the server is shutting down or starting; 08xxx: connection exceptions.
            if let state = error.serverInfo?[.sqlState], state.hasPrefix("57P") || state.hasPrefix("08") { return true }
        }
        if error is NIOConnectionError || error is ChannelError { return true }
        if let io = error as? IOError, [ECONNREFUSED, ECONNRESET, EHOSTUNREACH, ETIMEDOUT, ENETUNREACH].contains(io.errnoCode) { return true }
        return WriteConflict.isTransient(error)
    }
}
