import Vapor

/// Cross-site request forgery protection for cookie-authenticated requests.
///
/// A random token lives in the session; every HTML form carries it as `_csrf`, scripts send it
/// as `X-CSRF-Token`. Bearer-token API calls carry no cookie and need none.
enum CSRF {
    static let field = "_csrf"
    static let header = "X-CSRF-Token"
    private static let sessionKey = "csrf"

    /// The session's token, created on first use.
    static func token(for request: Request) -> String {
        if let token = request.session.data[sessionKey] { return token }
        let token = [UInt8].random(count: 32).base64URL
        request.session.data[sessionKey] = token
        return token
    }

    /// Whether the request's session holds a token (it has seen a page with a form).
    static func hasToken(_ request: Request) -> Bool {
        request.hasSession && request.session.data[sessionKey] != nil
    }

    static func isValid(_ request: Request) -> Bool {
        guard let expected = request.session.data[sessionKey] else { return false }
        let sent = request.headers.first(name: header) ?? (try? request.content.get(String.self, at: field))
        guard let sent, sent.utf8.count == expected.utf8.count else { return false }
        // Constant-time comparison.
        return zip(sent.utf8, expected.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// Rejects state-changing requests that lack a valid CSRF token (403).
///
/// A form's token is in its body, and Vapor collects a route's body only after the middleware has
/// run: a body that arrives in more than one TCP segment (a plan form with its targets, an upload)
/// is not there yet. So the body is collected here first, up to the route's own limit
/// (`Route.bodyLimit`), which the route then finds already collected.
///
/// Only a signed-in user's request is collected up to a large route limit: anyone else (the login
/// form) gets Vapor's default limit, and a request whose session has no token at all is refused
/// before any body is read — otherwise anonymous 50 MB posts would each be held in memory only to
/// be refused afterwards.
struct CSRFMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let safe: [HTTPMethod] = [.GET, .HEAD, .OPTIONS]
        if !safe.contains(request.method), request.storage[AuthenticatedByToken.self] != true {
            guard CSRF.hasToken(request) else { throw Abort(.forbidden, reason: request.t("error.csrf")) }
            if request.headers.first(name: CSRF.header) == nil, request.body.data == nil {
                let standard = request.application.routes.defaultMaxBodySize.value
                let limit = request.auth.has(User.self) ? request.route?.bodyLimit ?? standard : standard
                _ = try await request.eventLoop.flatSubmit { request.body.collect(max: limit) }.get()
            }
            guard CSRF.isValid(request) else { throw Abort(.forbidden, reason: request.t("error.csrf")) }
        }
        return try await next.respond(to: request)
    }
}

extension Route {
    /// The most a route collects of a body, when it is more than Vapor's default (set by `collecting(_:)`).
    var bodyLimit: Int? { userInfo["safeguard.bodyLimit"] as? Int }

    /// Records the route's body limit for `CSRFMiddleware`, which collects the body before the route does.
    @discardableResult
    func collecting(_ limit: ByteCount) -> Route {
        userInfo["safeguard.bodyLimit"] = limit.value
        return self
    }
}

extension Array where Element == UInt8 {
    static func random(count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    var base64URL: String {
        Data(self).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
