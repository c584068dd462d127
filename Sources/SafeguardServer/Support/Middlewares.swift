import Vapor

/// Headers every response carries: no framing, no MIME sniffing, a strict content policy.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'")
        return response
    }
}

/// Errors as JSON for the API and as a page in the user's language for browsers.
struct ErrorPageMiddleware: AsyncMiddleware {
    struct ErrorBody: Content {
        var error: Bool
        var reason: String
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
            let wantsJSON = request.url.path.hasPrefix("/api/") || request.headers.accept.mediaTypes.contains(.json)
            if !wantsJSON {
                let context = ErrorPage(page: PageContext(request, title: request.t("error.title")), status: status.code, reason: reason)
                if let view = try? await request.view.render("error", context) {
                    let response = try await view.encodeResponse(status: status, for: request)
                    response.headers.add(contentsOf: headers)
                    return response
                }
            }
            let response = Response(status: status, headers: headers)
            try response.content.encode(ErrorBody(error: true, reason: reason))
            return response
        }
    }

    private static func describe(_ error: any Error, request: Request) -> (HTTPResponseStatus, String, HTTPHeaders) {
        switch error {
        case let abort as any AbortError:
            let reason = abort.status == .notFound && abort.reason == "Not Found" ? request.t("error.not-found") : abort.reason
            return (abort.status, reason, abort.headers)
        case is DecodingError:
            return (.badRequest, request.t("error.bad-request"), [:])
        default:
            return (.internalServerError, request.t("error.internal"), [:])
        }
    }
}
