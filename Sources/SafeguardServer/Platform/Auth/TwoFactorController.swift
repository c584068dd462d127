import Fluent
import SafeguardCore
import Vapor

/// The second step of signing in (`/login/code`) and each account's own authenticator settings
/// (`/account/two-factor`): enrol by scanning a QR code drawn on the server, confirm with a first
/// code, keep the recovery codes shown once; turn it off (where the role allows) or make new
/// recovery codes, each with a current code.
struct TwoFactorController: RouteCollection {
    /// How long a password checked waits for its code before the sign-in starts over.
    static let pendingLifetime: TimeInterval = 5 * 60

    func boot(routes: any RoutesBuilder) throws {
        routes.get("login", "code", use: showCode)
        routes.post("login", "code", use: submitCode)
        let signedIn = routes.grouped(RedirectToLogin())
        signedIn.get("account", "two-factor", use: show)
        signedIn.post("account", "two-factor", use: confirm)
        signedIn.post("account", "two-factor", "disable", use: disable)
        signedIn.post("account", "two-factor", "recovery-codes", use: renewRecoveryCodes)
    }

    // MARK: Signing in

    /// The account whose password was just checked, if that was recent.
    private func pending(_ req: Request) async throws -> User? {
        guard let id = req.session.data["2fa.user"].flatMap(UUID.init(uuidString:)),
              let at = req.session.data["2fa.at"].flatMap(Double.init),
              req.now.timeIntervalSince1970 - at < Self.pendingLifetime,
              let user = try await User.query(on: req.db).filter(\.$id == id).with(\.$unit).first(), user.isActive
        else { return nil }
        return user
    }

    func showCode(req: Request) async throws -> Response {
        guard try await pending(req) != nil else { return req.redirect(to: "/login") }
        return try await req.page("auth/code", CodePage(page: PageContext(req, title: req.t("twofactor_code_title")))).encodeResponse(for: req)
    }

    func submitCode(req: Request) async throws -> Response {
        struct Form: Content { var code: String? }
        guard let user = try await pending(req) else { return req.redirect(to: "/login") }
        let typed = try req.content.decode(Form.self).code?.trimmingCharacters(in: .whitespaces) ?? ""
        func refuse(_ key: String, _ status: HTTPResponseStatus) async throws -> Response {
            let page = CodePage(page: PageContext(req, title: req.t("twofactor_code_title")), error: req.t(key))
            return try await req.page("auth/code", page).encodeResponse(status: status, for: req)
        }
        let usedRecovery: Bool
        switch try await req.twoFactor.verify(typed, for: user, from: req.clientAddress, recoveryCodeAllowed: true) {
        case .throttled: return try await refuse("login_throttled", .tooManyRequests)
        case .refused:
            try await req.audit("login-code-failed", "user", key: user.username)
            return try await refuse("twofactor_code_wrong", .unauthorized)
        case .accepted(let byRecoveryCode): usedRecovery = byRecoveryCode
        }
        // A sign-in succeeds with its second step (the accounts page's "last sign-in").
        try await LoginThrottle(db: req.db).record(username: user.username, ip: req.clientAddress, succeeded: true, now: req.now)
        let next = AuthController.safeRedirect(req.session.data["2fa.next"] ?? "/")
        try await AuthController.startSession(for: user, req)
        try await req.audit(usedRecovery ? "login-recovery-code" : "login", "user", key: user.username)
        return req.redirect(to: user.mustChangePassword ? "/account/password" : next)
    }

    // MARK: The account's own settings

    func show(req: Request) async throws -> View {
        let user = try req.user
        if user.totpConfirmedAt != nil { return try await settingsPage(req, user) }
        // Not enrolled: the pending secret (a reload must not void what was scanned), or a new one.
        let pending = try await req.twoFactor.secret(of: user)
        let secret = if let pending { pending } else { try await req.twoFactor.begin(for: user) }
        return try await enrolmentPage(req, user, secret: secret)
    }

    func confirm(req: Request) async throws -> Response {
        struct Form: Content { var code: String? }
        let user = try req.user
        let typed = try req.content.decode(Form.self).code ?? ""
        guard user.totpConfirmedAt == nil, let secret = try await req.twoFactor.secret(of: user) else { return req.redirect(to: "/account/two-factor") }
        let outcome = try await req.twoFactor.verify(typed, for: user, from: req.clientAddress, recoveryCodeAllowed: false)
        guard outcome == .accepted(byRecoveryCode: false) else {
            let (key, status): (String, HTTPResponseStatus) = outcome == .throttled ? ("login_throttled", .tooManyRequests) : ("twofactor_code_wrong", .unprocessableEntity)
            return try await enrolmentPage(req, user, secret: secret, error: req.t(key)).encodeResponse(status: status, for: req)
        }
        let codes = try await req.twoFactor.confirmChecked(user)
        try await req.audit("enrol-second-factor", "user", key: user.username)
        return try await settingsPage(req, user, recoveryCodes: codes, flash: req.t("twofactor_enrolled")).encodeResponse(for: req)
    }

    func disable(req: Request) async throws -> Response {
        struct Form: Content { var code: String? }
        let user = try req.user
        guard !req.application.settings.secondFactorRoles.contains(user.role) else {
            return try await settingsPage(req, user, error: req.t("twofactor_required_for_role")).encodeResponse(status: .unprocessableEntity, for: req)
        }
        if let refusal = try await refusal(of: try req.content.decode(Form.self).code ?? "", for: user, req) { return refusal }
        try await req.twoFactor.remove(from: user)
        try await req.audit("remove-second-factor", "user", key: user.username)
        return req.redirect(to: "/account/two-factor")
    }

    func renewRecoveryCodes(req: Request) async throws -> Response {
        struct Form: Content { var code: String? }
        let user = try req.user
        guard user.totpConfirmedAt != nil else { return req.redirect(to: "/account/two-factor") }
        if let refusal = try await refusal(of: try req.content.decode(Form.self).code ?? "", for: user, req) { return refusal }
        // Confirmed again with the code just checked: new recovery codes, the old ones gone.
        let codes = try await req.twoFactor.confirmChecked(user)
        try await req.audit("renew-recovery-codes", "user", key: user.username)
        return try await settingsPage(req, user, recoveryCodes: codes, flash: req.t("twofactor_codes_renewed")).encodeResponse(for: req)
    }

    /// The settings page refusing a code (wrong, or throttled like a sign-in), or nil for a good one.
    private func refusal(of typed: String, for user: User, _ req: Request) async throws -> Response? {
        switch try await req.twoFactor.verify(typed, for: user, from: req.clientAddress, recoveryCodeAllowed: false) {
        case .accepted: return nil
        case .throttled: return try await settingsPage(req, user, error: req.t("login_throttled")).encodeResponse(status: .tooManyRequests, for: req)
        case .refused: return try await settingsPage(req, user, error: req.t("twofactor_code_wrong")).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    private func enrolmentPage(_ req: Request, _ user: User, secret: [UInt8], error: String? = nil) async throws -> View {
        let uri = TwoFactor.codes.provisioningURI(secret: secret, issuer: TwoFactor.issuer, account: user.username)
        let qr = try QRCode(encoding: uri, correction: .medium).svg(moduleSize: 4, title: req.t("twofactor_qr_title"))
        let grouped = stride(from: 0, to: Base32.encode(secret).count, by: 4).map { String(Base32.encode(secret).dropFirst($0).prefix(4)) }.joined(separator: " ")
        return try await req.page("auth/two-factor", TwoFactorPage(
            page: PageContext(req, title: req.t("twofactor_title")), enrolled: false, required: req.application.settings.secondFactorRoles.contains(user.role),
            qr: qr, secret: grouped, recoveryCodes: [], unusedRecoveryCodes: 0, error: error))
    }

    private func settingsPage(_ req: Request, _ user: User, recoveryCodes: [String] = [], error: String? = nil, flash: String? = nil) async throws -> View {
        let unused = try await RecoveryCode.query(on: req.db).filter(\.$user.$id == user.requireID()).filter(\.$usedAt == nil).count()
        return try await req.page("auth/two-factor", TwoFactorPage(
            page: PageContext(req, title: req.t("twofactor_title"), flash: flash), enrolled: true,
            required: req.application.settings.secondFactorRoles.contains(user.role), qr: nil, secret: nil,
            recoveryCodes: recoveryCodes, unusedRecoveryCodes: unused, error: error))
    }

    struct CodePage: Encodable {
        var page: PageContext
        var error: String?
    }

    struct TwoFactorPage: Encodable {
        var page: PageContext
        var enrolled: Bool
        var required: Bool
        /// The enrolment QR code, an SVG drawn here.
        var qr: String?
        /// The secret for typing by hand, in groups of four.
        var secret: String?
        /// Shown once, after enrolment or renewal.
        var recoveryCodes: [String]
        var unusedRecoveryCodes: Int
        var error: String?
    }
}
