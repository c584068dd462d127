import Fluent
import Vapor

/// Accepts `Authorization: Bearer <token>` issued by `safeguard token issue`; revoked tokens fail.
struct BearerTokenAuthenticator: AsyncBearerAuthenticator {
    func authenticate(bearer: BearerAuthorization, for request: Request) async throws {
        let hash = APIToken.hash(bearer.token)
        guard let token = try await APIToken.query(on: request.db)
            .filter(\.$tokenHash == hash).filter(\.$revokedAt == nil)
            .with(\.$user, { $0.with(\.$unit) }).first(),
            token.user.isActive
        else { return }
        request.auth.login(token.user)
        request.storage[AuthenticatedByToken.self] = true
    }
}

/// Marks a request authenticated by a bearer token rather than a session cookie (no CSRF check needed).
enum AuthenticatedByToken: StorageKey { typealias Value = Bool }

/// Restores the session's user, with their unit, for HTML pages and the API alike.
struct SessionUserAuthenticator: AsyncSessionAuthenticator {
    typealias User = SafeguardServer.User

    func authenticate(sessionID: UUID, for request: Request) async throws {
        guard let user = try await User.query(on: request.db).filter(\.$id == sessionID).with(\.$unit).first(),
              user.isActive
        else { return }
        request.auth.login(user)
    }
}

/// HTML pages: anonymous visitors are sent to the login page, which brings them back afterwards.
struct RedirectToLogin: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let user = request.auth.get(User.self) else {
            let target = request.url.path + (request.url.query.map { "?\($0)" } ?? "")
            return request.redirect(to: "/login?next=\(target.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/")")
        }
        // A one-time password must be replaced before anything else.
        if user.mustChangePassword && !request.url.path.hasPrefix("/account/password") && request.url.path != "/logout" {
            return request.redirect(to: "/account/password")
        }
        return try await next.respond(to: request)
    }
}

/// JSON API: anonymous requests get 401 with a message in the caller's language.
struct RequireAPIUser: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.auth.has(User.self) else {
            throw Abort(.unauthorized, headers: ["WWW-Authenticate": "Bearer"], reason: request.t("error.unauthenticated"))
        }
        return try await next.respond(to: request)
    }
}
