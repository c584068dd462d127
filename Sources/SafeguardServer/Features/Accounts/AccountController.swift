import Fluent
import SafeguardCore
import Vapor

/// `/admin/users`: the accounts, for those who manage them (`AccessPolicy.Action.manageUsers`: the
/// system administrator and the standing office). A one-time password is shown once, on the page
/// that answers the creation or the reset, and never stored in clear.
struct AccountController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let users = routes.grouped("admin", "users")
        users.get(use: list)
        users.get("new", use: new)
        users.post(use: create)
        users.get(":username", use: show)
        users.post(":username", use: update)
        for action in ["deactivate", "reactivate", "reset-password", "unlock", "reset-two-factor"] {
            users.post(":username", .constant(action)) { req in try await self.act(action, req: req) }
        }
    }

    static let labels = ["username": "accounts_username", "display_name": "accounts_display_name", "role": "accounts_role", "unit": "accounts_unit", "email": "accounts_email"]

    func list(req: Request) async throws -> View {
        try req.authorize(.manageUsers)
        let filter = try AccountFilter(req)
        let (users, lastSignIn) = try await filter.accounts(for: req)
        let links = try PageLinks(req, total: users.count, perPage: 100)
        return try await req.page("accounts/index", ListPage(
            page: PageContext(req, title: req.t("accounts_title")),
            roles: Role.allCases.map { Choice(value: $0.rawValue, label: req.t($0.localizationKey), selected: $0 == filter.role) },
            unit: filter.unitCode ?? "", active: filter.active.map { $0 ? "1" : "0" } ?? "", idleDays: [30, 90, 180].map { Choice(value: String($0), label: "\($0) \(req.t("accounts_idle_days"))", selected: $0 == filter.idleDays) },
            query: filter.search ?? "", total: users.count, pager: links,
            rows: links.slice(users).map { Row($0, lastSignIn: lastSignIn[$0.username], req) }))
    }

    func new(req: Request) async throws -> View {
        try req.authorize(.manageUsers)
        return try await form(req, draft: nil, errors: .none)
    }

    struct Input: Content {
        var username: String?
        var displayName: String?
        var role: String?
        var unit: String?
        var email: String?
        var draft: AccountDraft { AccountDraft(username: username, displayName: displayName, role: role, unitCode: unit, email: email) }
    }

    func create(req: Request) async throws -> Response {
        try req.authorize(.manageUsers)
        let input = try req.content.decode(Input.self)
        switch try await req.accounts.create(input.draft) {
        case .failure(let errors):
            return try await form(req, draft: input.draft, errors: FormErrors(errors, req, labels: Self.labels)).encodeResponse(status: .unprocessableEntity, for: req)
        case .success(let created):
            return try await page(req, created.user, oneTimePassword: created.oneTimePassword, flash: req.t("accounts_created")).encodeResponse(status: .created, for: req)
        }
    }

    func show(req: Request) async throws -> View {
        try req.authorize(.manageUsers)
        return try await page(req, try await req.accountParameter())
    }

    func update(req: Request) async throws -> Response {
        try req.authorize(.manageUsers)
        let user = try await req.accountParameter()
        let input = try req.content.decode(Input.self)
        let outcome: Result<User, FieldErrors>
        do { outcome = try await req.accounts.update(user, with: input.draft) } catch let refusal as AccountAdministration.Refusal {
            return try await refused(refusal, user, req)
        }
        switch outcome {
        case .failure(let errors):
            return try await page(req, user, draft: input.draft, errors: FormErrors(errors, req, labels: Self.labels)).encodeResponse(status: .unprocessableEntity, for: req)
        case .success:
            return req.redirect(to: "/admin/users/\(user.username)")
        }
    }

    private func act(_ action: String, req: Request) async throws -> Response {
        try req.authorize(.manageUsers)
        let user = try await req.accountParameter()
        let accounts = try req.accounts
        do {
            switch action {
            // Nobody locks themselves out: another administrator does it.
            case "deactivate": try await accounts.setActive(user, false)
            case "reactivate": try await accounts.setActive(user, true)
            case "reset-password":
                let password = try await accounts.resetPassword(user)
                return try await page(req, user, oneTimePassword: password, flash: req.t("accounts_reset_done")).encodeResponse(for: req)
            case "reset-two-factor":
                let password = try await accounts.resetSecondFactor(user)
                return try await page(req, user, oneTimePassword: password, flash: req.t("accounts_reset_two_factor_done")).encodeResponse(for: req)
            default: try await accounts.unlock(user)
            }
        } catch let refusal as AccountAdministration.Refusal {
            return try await refused(refusal, user, req)
        }
        return req.redirect(to: "/admin/users/\(user.username)")
    }

    private func refused(_ refusal: AccountAdministration.Refusal, _ user: User, _ req: Request) async throws -> Response {
        let problem = FieldRefusal.Problem(field: "", code: refusal.problem.code, message: req.t(refusal.problem.key))
        return try await page(req, user, errors: FormErrors([problem])).encodeResponse(status: .unprocessableEntity, for: req)
    }

    private func form(_ req: Request, draft: AccountDraft?, errors: FormErrors) async throws -> View {
        try await req.page("accounts/new", FormPage(
            page: PageContext(req, title: req.t("accounts_new")), fields: .init(draft, req), errors: errors))
    }

    private func page(_ req: Request, _ user: User, draft: AccountDraft? = nil, errors: FormErrors = .none, oneTimePassword: String? = nil,
                      flash: String? = nil) async throws -> View {
        // As stored, with its unit (a model just created or changed holds only the unit's id).
        let user = try await User.find(username: user.username, on: req.db) ?? user
        let lastSignIn = try await AccountFilter.lastSignIns(of: [user.username], on: req.db)[user.username]
        let since = req.now.addingTimeInterval(-LoginThrottlePolicy().window)
        let failures = try await LoginAttempt.query(on: req.db).filter(\.$username == user.username).filter(\.$succeeded == false)
            .filter(\.$attemptedAt >= since).count()
        let current = draft ?? AccountDraft(username: user.username, displayName: user.displayName, role: user.role.rawValue,
                                            unitCode: user.unit?.code, email: user.email)
        return try await req.page("accounts/account", AccountPage(
            page: PageContext(req, title: user.displayName, flash: flash), row: Row(user, lastSignIn: lastSignIn, req),
            fields: .init(current, req), errors: errors, oneTimePassword: oneTimePassword, recentFailures: failures,
            isSelf: user.id == (try req.user).id))
    }
}

extension Request {
    /// The account named in the path (`:username`), or 404.
    func accountParameter() async throws -> User {
        guard let name = parameters.get("username"), let user = try await User.find(username: name, on: db) else {
            throw Abort(.notFound, reason: t("accounts_not_found"))
        }
        return user
    }
}
