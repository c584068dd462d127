import Fluent
import SafeguardCore
import Vapor

/// Đăng nhập, đăng xuất, đổi mật khẩu.
struct AuthController: RouteCollection {
    struct LoginForm: Content {
        var username: String
        var password: String
        var next: String?
    }

    struct PasswordForm: Content {
        var current: String
        var new: String
        var confirm: String
    }

    /// What a password a user chooses must be (length, common passwords, the username).
    static let passwordPolicy = PasswordPolicy()

    /// A bcrypt hash of nothing anyone knows, checked when the account does not exist or is
    /// inactive, so a wrong password takes as long for an unknown name as for a real one and the
    /// answer's timing does not tell which accounts exist. Same cost as real hashes (Vapor's 12).
    static let absentAccountHash: String = (try? Bcrypt.hash([UInt8].random(count: 24).base64URL)) ?? ""

    func boot(routes: any RoutesBuilder) throws {
        routes.get("login", use: showLogin)
        routes.post("login", use: login)
        routes.post("logout", use: logout)
        let signedIn = routes.grouped(RedirectToLogin())
        signedIn.get("account", "password", use: showPassword)
        signedIn.post("account", "password", use: changePassword)
    }

    func showLogin(req: Request) async throws -> View {
        let next = Self.safeRedirect((try req.queryText("next")) ?? "/")
        return try await req.page("auth/login", LoginPage(page: PageContext(req, title: req.t("login_title")), next: next, username: ""))
    }

    func login(req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        let username = form.username.trimmingCharacters(in: .whitespaces).lowercased()
        let ip = req.clientAddress
        let throttle = LoginThrottle(db: req.db)
        let next = Self.safeRedirect(form.next ?? "/")

        func fail(_ key: String, status: HTTPResponseStatus) async throws -> Response {
            let page = LoginPage(page: PageContext(req, title: req.t("login_title")), next: next, username: username, error: req.t(key))
            return try await req.page("auth/login", page).encodeResponse(status: status, for: req)
        }

        if case .wait = try await throttle.decision(username: username, ip: ip, now: req.now) {
            try await req.audit("login-throttled", "user", key: username)
            return try await fail("login_throttled", status: .tooManyRequests)
        }
        let found = try await User.find(username: username, on: req.db)
        let hash = found.flatMap { $0.isActive ? $0.passwordHash : nil } ?? Self.absentAccountHash
        let verified = (try? await req.password.async.verify(form.password, created: hash)) ?? false
        guard let user = found, user.isActive, verified else {
            try await throttle.record(username: username, ip: ip, succeeded: false, now: req.now)
            try await req.audit("login-failed", "user", key: username)
            return try await fail("login_failed", status: .unauthorized)
        }
        if user.totpConfirmedAt != nil {
            // The password is right; the authenticator's code comes next (`TwoFactorController`).
            try await Self.renewSession(req)
            req.session.data["2fa.user"] = try user.requireID().uuidString
            req.session.data["2fa.at"] = String(req.now.timeIntervalSince1970)
            req.session.data["2fa.next"] = next
            try await req.audit("login-password", "user", key: user.username)
            return req.redirect(to: "/login/code")
        }
        try await throttle.record(username: username, ip: ip, succeeded: true, now: req.now)
        try await Self.startSession(for: user, req)
        try await req.audit("login", "user", key: user.username)
        return req.redirect(to: user.mustChangePassword ? "/account/password" : next)
    }

    /// A new session id, empty: after each step of signing in, so an id known before (session
    /// fixation) is worth nothing after.
    static func renewSession(_ req: Request) async throws {
        if let old = req.session.id {
            try await req.application.sessions.driver.deleteSession(old, for: req).get()
        }
        req.session.id = nil
        req.session.data = SessionData()
    }

    /// Signs `user` in, in a new session.
    static func startSession(for user: User, _ req: Request) async throws {
        try await renewSession(req)
        req.session.authenticate(user)
        req.auth.login(user)
    }

    func logout(req: Request) async throws -> Response {
        if let user = req.auth.get(User.self) { try await req.audit("logout", "user", key: user.username) }
        req.auth.logout(User.self)
        req.session.destroy()
        return req.redirect(to: "/login")
    }

    func showPassword(req: Request) async throws -> View {
        let user = try req.user
        return try await req.page("auth/password", PasswordPage(page: PageContext(req, title: req.t("password_title")), required: user.mustChangePassword))
    }

    func changePassword(req: Request) async throws -> Response {
        let user = try req.user
        let form = try req.content.decode(PasswordForm.self)
        func fail(_ key: String) async throws -> Response {
            let page = PasswordPage(page: PageContext(req, title: req.t("password_title")), error: req.t(key), required: user.mustChangePassword)
            return try await req.page("auth/password", page).encodeResponse(status: .unprocessableEntity, for: req)
        }
        guard try await req.password.async.verify(form.current, created: user.passwordHash) else { return try await fail("password_wrong_current") }
        if let problem = Self.passwordPolicy.problem(with: form.new, username: user.username) { return try await fail(problem.localizationKey) }
        guard form.new == form.confirm else { return try await fail("password_mismatch") }
        guard form.new != form.current else { return try await fail("password_unchanged") }
        user.passwordHash = try await req.password.async.hash(form.new)
        user.mustChangePassword = false
        let userID = try user.requireID(), current = req.session.id, now = req.now
        try await req.db.writeTransaction { db in
            try await user.update(on: db)
            // Whoever else holds the old password's sessions or tokens holds nothing now.
            try await StoredSessions.end(sessionsOf: userID, keeping: current, on: db)
            try await APIToken.query(on: db).filter(\.$user.$id == userID).filter(\.$revokedAt == nil).set(\.$revokedAt, to: now).update()
            try await req.audit("change-password", "user", key: user.username, on: db)
        }
        return req.redirect(to: "/")
    }

    /// Only same-site paths are followed after login (no open redirects).
    ///
    /// Only a path of this site is kept: it must start with one `/` and hold no control character,
    /// space or backslash — browsers drop tabs and newlines from a URL and read `\` as `/`, so
    /// `/\t/evil.example/` would become `//evil.example/`, another site.
    static func safeRedirect(_ target: String) -> String {
        guard target.hasPrefix("/"), !target.hasPrefix("//"), target.utf8.count <= 2_000,
              !target.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || $0 == "\\" || $0.properties.generalCategory == .format })
        else { return "/" }
        let path = target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
        // A percent-encoded slash, backslash or control character is refused as well.
        let decoded = path.removingPercentEncoding ?? ""
        guard !decoded.hasPrefix("//"), !decoded.unicodeScalars.contains(where: { $0.value <= 0x20 || $0 == "\\" }) else { return "/" }
        return target
    }
}
