import Fluent
import Vapor

/// Đăng nhập, đăng xuất, đổi mật khẩu.
struct AuthController: RouteCollection {
    struct LoginPage: Encodable {
        var page: PageContext
        var next: String
        var username: String
        var error: String?
    }

    struct LoginForm: Content {
        var username: String
        var password: String
        var next: String?
    }

    struct PasswordPage: Encodable {
        var page: PageContext
        var error: String?
        var required: Bool
    }

    struct PasswordForm: Content {
        var current: String
        var new: String
        var confirm: String
    }

    /// Shortest password accepted when a user chooses one.
    static let minimumPasswordLength = 10

    func boot(routes: any RoutesBuilder) throws {
        routes.get("login", use: showLogin)
        routes.post("login", use: login)
        routes.post("logout", use: logout)
        let signedIn = routes.grouped(RedirectToLogin())
        signedIn.get("account", "password", use: showPassword)
        signedIn.post("account", "password", use: changePassword)
    }

    func showLogin(req: Request) async throws -> View {
        let next = Self.safeRedirect((try? req.query.get(String.self, at: "next")) ?? "/")
        return try await req.page("login", LoginPage(page: PageContext(req, title: req.t("login_title")), next: next, username: ""))
    }

    func login(req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        let username = form.username.trimmingCharacters(in: .whitespaces).lowercased()
        let ip = req.remoteAddress?.ipAddress ?? "unknown"
        let throttle = LoginThrottle(db: req.db)
        let next = Self.safeRedirect(form.next ?? "/")

        func fail(_ key: String, status: HTTPResponseStatus) async throws -> Response {
            let page = LoginPage(page: PageContext(req, title: req.t("login_title")), next: next, username: username, error: req.t(key))
            return try await req.page("login", page).encodeResponse(status: status, for: req)
        }

        if try await throttle.isLocked(username: username, ip: ip) {
            try await req.audit("login-throttled", "user", key: username)
            return try await fail("login_throttled", status: .tooManyRequests)
        }
        guard let user = try await User.find(username: username, on: req.db), user.isActive,
              try await req.password.async.verify(form.password, created: user.passwordHash)
        else {
            try await throttle.record(username: username, ip: ip, succeeded: false)
            try await req.audit("login-failed", "user", key: username)
            return try await fail("login_failed", status: .unauthorized)
        }
        try await throttle.record(username: username, ip: ip, succeeded: true)
        // A new session id on login prevents session fixation: drop the anonymous session, start afresh.
        if let old = req.session.id {
            try await req.application.sessions.driver.deleteSession(old, for: req).get()
        }
        req.session.id = nil
        req.session.data = SessionData()
        req.session.authenticate(user)
        req.auth.login(user)
        try await req.audit("login", "user", key: user.username)
        return req.redirect(to: user.mustChangePassword ? "/account/password" : next)
    }

    func logout(req: Request) async throws -> Response {
        if let user = req.auth.get(User.self) { try await req.audit("logout", "user", key: user.username) }
        req.auth.logout(User.self)
        req.session.destroy()
        return req.redirect(to: "/login")
    }

    func showPassword(req: Request) async throws -> View {
        let user = try req.user
        return try await req.page("password", PasswordPage(page: PageContext(req, title: req.t("password_title")), required: user.mustChangePassword))
    }

    func changePassword(req: Request) async throws -> Response {
        let user = try req.user
        let form = try req.content.decode(PasswordForm.self)
        func fail(_ key: String) async throws -> Response {
            let page = PasswordPage(page: PageContext(req, title: req.t("password_title")), error: req.t(key), required: user.mustChangePassword)
            return try await req.page("password", page).encodeResponse(status: .unprocessableEntity, for: req)
        }
        guard try await req.password.async.verify(form.current, created: user.passwordHash) else { return try await fail("password_wrong_current") }
        guard form.new.count >= Self.minimumPasswordLength else { return try await fail("password_too_short") }
        guard form.new == form.confirm else { return try await fail("password_mismatch") }
        guard form.new != form.current else { return try await fail("password_unchanged") }
        user.passwordHash = try await req.password.async.hash(form.new)
        user.mustChangePassword = false
        try await user.update(on: req.db)
        try await req.audit("change-password", "user", key: user.username)
        return req.redirect(to: "/")
    }

    /// Only same-site paths are followed after login (no open redirects).
    static func safeRedirect(_ target: String) -> String {
        target.hasPrefix("/") && !target.hasPrefix("//") && !target.contains("\\") ? target : "/"
    }
}
