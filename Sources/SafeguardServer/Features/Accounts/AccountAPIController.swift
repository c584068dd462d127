import Fluent
import SafeguardCore
import Vapor

/// `/api/v1/users`: what `/admin/users` does, for programs — the same filters
/// (`AccountFilter`), the same rules and transactions (`AccountAdministration`). A one-time
/// password is in the answer to a creation or reset only, never readable again.
struct AccountAPIController: RouteCollection {
    struct AccountDTO: Content {
        var username: String
        var displayName: String
        var role: Role
        var unit: String?
        var email: String?
        var active: Bool
        var mustChangePassword: Bool
        var secondFactor: Bool
        var lastSignIn: Date?

        init(_ user: User, lastSignIn: Date?) {
            (username, displayName, role, unit, email) = (user.username, user.displayName, user.role, user.$unit.value??.code, user.email)
            (active, mustChangePassword, self.lastSignIn) = (user.isActive, user.mustChangePassword, lastSignIn)
            secondFactor = user.totpConfirmedAt != nil
        }
    }

    struct AccountList: Content {
        var total: Int
        var page: Int
        var perPage: Int
        var accounts: [AccountDTO]
    }

    /// An account with the password its owner must change at the first sign-in.
    struct Issued: Content {
        var account: AccountDTO
        var oneTimePassword: String
    }

    struct Input: Content {
        var username: String?
        var displayName: String?
        var role: String?
        var unit: String?
        var email: String?
        var draft: AccountDraft { AccountDraft(username: username, displayName: displayName, role: role, unitCode: unit, email: email) }
    }

    func boot(routes: any RoutesBuilder) throws {
        let users = routes.grouped("users")
        users.get(use: index)
        users.post(use: create)
        users.on(.POST, "import", body: .collect(maxSize: AccountSheetController.maximumSize), use: importSheet)
            .collecting(AccountSheetController.maximumSize)
        users.get(":username", use: show)
        users.put(":username", use: update)
        users.post(":username", "deactivate") { req in try await self.setActive(req, false) }
        users.post(":username", "reactivate") { req in try await self.setActive(req, true) }
        users.post(":username", "reset-password", use: resetPassword)
        users.post(":username", "unlock", use: unlock)
        users.post(":username", "reset-two-factor", use: resetSecondFactor)
    }

    func index(req: Request) async throws -> AccountList {
        try req.authorize(.manageUsers)
        let filter = try AccountFilter(req)
        let page = try req.pageNumber()
        let perPage = try req.perPage(standard: 100, maximum: 1000)
        let (users, lastSignIn) = try await filter.accounts(for: req)
        let slice = users.dropFirst((page - 1) * perPage).prefix(perPage)
        return AccountList(total: users.count, page: page, perPage: perPage, accounts: slice.map { AccountDTO($0, lastSignIn: lastSignIn[$0.username]) })
    }

    func create(req: Request) async throws -> Response {
        try req.authorize(.manageUsers)
        let input = try req.content.decode(Input.self)
        switch try await req.accounts.create(input.draft) {
        case .failure(let errors): throw FieldRefusal(errors, req, labels: AccountController.labels)
        case .success(let created):
            try await AccountSheetController.loadUnits([created.user], on: req.db)
            return try await Issued(account: AccountDTO(created.user, lastSignIn: nil), oneTimePassword: created.oneTimePassword)
                .encodeResponse(status: .created, for: req)
        }
    }

    /// The sheet as the request's body (`.xlsx` or CSV); problems as `rows[LINE].FIELD`.
    func importSheet(req: Request) async throws -> Response {
        try req.authorize(.manageUsers)
        let data = req.body.data.map { Data(buffer: $0) } ?? Data()
        switch try await AccountSheetController.create(from: data, req.accounts, req.application) {
        case .unreadable(let message): throw FieldRefusal(field: "file", code: "unreadable", message: message(req.language))
        case .refused(let problems):
            throw FieldRefusal(problems.map { problem in
                FieldRefusal.Problem(field: "rows[\(problem.line)].\(problem.error.field)",
                                     code: String(problem.error.reason.localizationKey.dropFirst("field.".count)),
                                     message: problem.message(req.application.localizer, req.language))
            })
        case .created(let accounts):
            try await AccountSheetController.loadUnits(accounts.map(\.user), on: req.db)
            return try await accounts.map { Issued(account: AccountDTO($0.user, lastSignIn: nil), oneTimePassword: $0.oneTimePassword) }
                .encodeResponse(status: .created, for: req)
        }
    }

    func show(req: Request) async throws -> AccountDTO {
        try req.authorize(.manageUsers)
        return try await dto(try await req.accountParameter(), req)
    }

    func update(req: Request) async throws -> AccountDTO {
        try req.authorize(.manageUsers)
        let user = try await req.accountParameter()
        let input = try req.content.decode(Input.self)
        switch try await Self.refusing(req, { try await req.accounts.update(user, with: input.draft) }) {
        case .failure(let errors): throw FieldRefusal(errors, req, labels: AccountController.labels)
        case .success(let updated): return try await dto(updated, req)
        }
    }

    private func setActive(_ req: Request, _ active: Bool) async throws -> AccountDTO {
        try req.authorize(.manageUsers)
        let user = try await req.accountParameter()
        try await Self.refusing(req) { try await req.accounts.setActive(user, active) }
        return try await dto(user, req)
    }

    func resetPassword(req: Request) async throws -> Issued {
        try req.authorize(.manageUsers)
        let user = try await req.accountParameter()
        let password = try await Self.refusing(req) { try await req.accounts.resetPassword(user) }
        return Issued(account: try await dto(user, req), oneTimePassword: password)
    }

    func unlock(req: Request) async throws -> AccountDTO {
        try req.authorize(.manageUsers)
        let user = try await req.accountParameter()
        try await Self.refusing(req) { try await req.accounts.unlock(user) }
        return try await dto(user, req)
    }

    func resetSecondFactor(req: Request) async throws -> Issued {
        try req.authorize(.manageUsers)
        let user = try await req.accountParameter()
        let password = try await Self.refusing(req) { try await req.accounts.resetSecondFactor(user) }
        return Issued(account: try await dto(user, req), oneTimePassword: password)
    }

    /// What the administration refuses to this caller, as a 422 naming the account.
    static func refusing<T>(_ req: Request, _ work: () async throws -> T) async throws -> T {
        do { return try await work() } catch let refusal as AccountAdministration.Refusal {
            throw FieldRefusal(field: "username", code: refusal.problem.code, message: req.t(refusal.problem.key))
        }
    }

    /// As stored now, with its unit and last sign-in.
    private func dto(_ user: User, _ req: Request) async throws -> AccountDTO {
        let stored = try await User.find(username: user.username, on: req.db) ?? user
        return AccountDTO(stored, lastSignIn: try await AccountFilter.lastSignIns(of: [stored.username], on: req.db)[stored.username])
    }
}
