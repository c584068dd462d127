import Vapor

/// Cổng công khai: the pages citizens use without an account (`/tip…`, `/open311/…`). They must
/// leave no trace of the device: no session is read, made or touched there (a session cookie
/// is a stable identifier of a browser, and its row's last-seen time would date a submission), and
/// no page there carries a CSRF token or a user. The language cookie (vi or en) is kept.
enum PublicPortal {
    static func isPublic(_ path: String) -> Bool {
        path == "/tip" || path.hasPrefix("/tip/") || path.hasPrefix("/open311/")
    }
}

/// In place of the sessions middleware: on a public path the session cookie is dropped from the
/// request and never set on the response; elsewhere the sessions middleware runs as before.
struct PublicPortalSessions: AsyncMiddleware {
    let sessions: any Middleware
    let cookieName: String

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard PublicPortal.isPublic(request.url.path) else { return try await sessions.respond(to: request, chainingTo: next).get() }
        request.cookies[cookieName] = nil
        let response = try await next.respond(to: request)
        let kept = response.headers[.setCookie].filter { !$0.hasPrefix(cookieName + "=") }
        response.headers.remove(name: .setCookie)
        for value in kept { response.headers.add(name: .setCookie, value: value) }
        return response
    }
}
