import Fluent
import Vapor

/// Accepts `Authorization: Bearer <token>` issued by `safeguard token issue`; revoked tokens fail.
struct BearerTokenAuthenticator: AsyncBearerAuthenticator {
    func authenticate(bearer: BearerAuthorization, for request: Request) async throws {
        let hash = APIToken.hash(bearer.token)
        guard let token = try await APIToken.query(on: request.db)
            .filter(\.$tokenHash == hash).filter(\.$revokedAt == nil)
            .group(.or, { $0.filter(\.$expiresAt == nil).filter(\.$expiresAt > request.now) })
            .with(\.$user, { $0.with(\.$unit) }).first(),
            token.user.isActive
        else { return }
        request.auth.login(token.user)
        request.storage[AuthenticatedByToken.self] = true
    }
}

/// Marks a request authenticated by a bearer token rather than a session cookie (no CSRF check needed).
enum AuthenticatedByToken: StorageKey { typealias Value = Bool }

/// Restores the session's user, with their unit, for HTML pages and the API alike, and keeps the
/// session's user in step afterwards (signed in, signed out) — as Vapor's session authenticator
/// does, except that a request authenticated by a bearer token leaves the session alone: an API
/// client has no cookie to keep, and storing a session for each of its calls would fill the
/// sessions table (and hand out cookies nobody asked for).
struct SessionUserAuthenticator: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.hasSession, let id = request.session.authenticated(User.self),
           let user = try await User.query(on: request.db).filter(\.$id == id).with(\.$unit).first(), user.isActive {
            request.auth.login(user)
        }
        let response = try await next.respond(to: request)
        guard request.storage[AuthenticatedByToken.self] != true else { return response }
        if let user = request.auth.get(User.self) {
            request.session.authenticate(user)
        } else if request.hasSession {
            request.session.unauthenticate(User.self)
        }
        return response
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
        let path = request.url.path
        if user.mustChangePassword && !path.hasPrefix("/account/password") && path != "/logout" {
            return request.redirect(to: "/account/password")
        }
        // The roles that must have a second factor enrol before anything else.
        if user.isHalfwaySignedIn(request.application.settings),
           !path.hasPrefix("/account/two-factor") && !path.hasPrefix("/account/password") && path != "/logout" {
            return request.redirect(to: "/account/two-factor")
        }
        return try await next.respond(to: request)
    }
}

extension User {
    /// Signed in with a password that must still be replaced, or without the second factor the
    /// role requires: only the password and enrolment pages are open to such a session.
    func isHalfwaySignedIn(_ settings: Settings) -> Bool {
        mustChangePassword || (totpConfirmedAt == nil && settings.secondFactorRoles.contains(role))
    }
}

/// JSON API: anonymous requests get 401 with a message in the caller's language.
struct RequireAPIUser: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let user = request.auth.get(User.self) else {
            throw Abort(.unauthorized, headers: ["WWW-Authenticate": "Bearer"], reason: request.t("error.unauthenticated"))
        }
        // A browser session holds what a page would: a one-time password to replace, or a second
        // factor its role requires and it has not set up, keeps it from the API as from the pages.
        if request.storage[AuthenticatedByToken.self] != true, user.isHalfwaySignedIn(request.application.settings) {
            throw Abort(.forbidden, reason: request.t(user.mustChangePassword ? "password_required_notice" : "twofactor_required_notice"))
        }
        return try await next.respond(to: request)
    }
}
