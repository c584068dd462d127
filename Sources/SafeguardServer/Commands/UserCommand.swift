import Fluent
import SafeguardCore
import Vapor

/// `safeguard user add NAME --role ROLE [--unit CODE] [--email ADDRESS] [--password-stdin]`,
/// `safeguard user email NAME [ADDRESS]`, `safeguard user list`.
struct UserCommand: AsyncCommandGroup {
    var help: String { "Adds, lists, deactivates or reactivates accounts, resets passwords, lifts throttles, sets reminder addresses." }
    var commands: [String: any AnyAsyncCommand] { ["add": AddUserCommand(), "list": ListUsersCommand(), "email": UserEmailCommand(),
         "deactivate": UserAdministrationCommand(action: "deactivate"), "reactivate": UserAdministrationCommand(action: "reactivate"),
         "reset-password": UserAdministrationCommand(action: "reset-password"), "unlock": UserAdministrationCommand(action: "unlock"), "reset-two-factor": UserAdministrationCommand(action: "reset-two-factor"), "import": ImportUsersCommand()] }
}

/// Sets (or, without an address, clears) where a user's unit's reminders are e-mailed.
struct UserEmailCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "name", help: "Username")
        var name: String
        @Argument(name: "address", help: "E-mail address; '-' clears it")
        var address: String
    }

    var help: String { "Sets the e-mail address reminders go to ('-' clears it)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        guard let user = try await User.find(username: signature.name, on: app.db) else { throw CommandFailure("user email: no user '\(signature.name)'") }
        let address = signature.address == "-" ? nil : signature.address.trimmed
        if let address, !Email.isValidAddress(address) { throw CommandFailure("user email: '\(address)' is not an e-mail address") }
        user.email = address
        try await app.db.transaction { db in
            try await user.update(on: db)
            try await AuditEntry(at: app.clock.now(), userID: nil, actor: "cli", action: "update", entity: "user", entityKey: user.username,
                                 detail: "email=\(address ?? "-")", ip: nil).append(on: db)
        }
        context.console.success("\(user.username): \(address ?? "no e-mail")")
    }
}

struct ListUsersCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Lists user accounts with role and unit." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        for user in try await User.query(on: app.db).with(\.$unit).sort(\.$username).all() {
            context.console.print("\(user.username)\t\(user.role.rawValue)\t\(user.unit?.code ?? "-")\t\(user.isActive ? "active" : "disabled")")
        }
    }
}

struct AddUserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "name", help: "Username: letters, digits, '.', '_' and '-'")
        var name: String
        @Option(name: "role", help: "system-admin | standing-office | department-officer | commune-officer | leader")
        var role: String?
        @Option(name: "unit", help: "Code of the user's unit (required for officers)")
        var unit: String?
        @Option(name: "display-name", help: "Full name shown in the interface")
        var displayName: String?
        @Option(name: "email", help: "Where the unit's reminders are e-mailed (when SMTP is configured)")
        var email: String?
        @Flag(name: "password-stdin", help: "Read the password from standard input instead of generating a one-time password")
        var passwordStdin: Bool
    }

    var help: String { "Adds a user account; prints a one-time password unless --password-stdin is given." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await context.application.autoMigrate()
        try await add(signature, context: context)
    }

    private func add(_ signature: Signature, context: CommandContext) async throws {
        let app = context.application
        var chosen: String?
        if signature.passwordStdin {
            guard let line = readLine(strippingNewline: true) else { throw CommandFailure("user add: no password on standard input") }
            if let problem = AuthController.passwordPolicy.problem(with: line, username: signature.name.trimmed.lowercased()) {
                throw CommandFailure("user add: the password on standard input is refused: \(problem)")
            }
            chosen = line
        }
        let draft = AccountDraft(username: signature.name, displayName: signature.displayName, role: signature.role, unitCode: signature.unit, email: signature.email)
        switch try await app.cliAccounts.create(draft, chosen: chosen) {
        case .failure(let errors):
            let options = ["username": "NAME", "display_name": "--display-name", "role": "--role", "unit": "--unit", "email": "--email"]
            let lines = errors.errors.map { "\(options[$0.field] ?? $0.field): \(app.localizer.string($0.reason.localizationKey, .en))\($0.reason.detail.map { " (\($0))" } ?? "")" }
            throw CommandFailure("user add: " + lines.joined(separator: "; "))
        case .success(let created):
            let user = created.user
            context.console.success("Created \(user.username) (\(user.role.rawValue)\(user.$unit.id == nil ? "" : ", \(signature.unit ?? "")")).")
            if chosen == nil { context.console.print("One-time password: \(created.oneTimePassword)") }
        }
    }
}

/// `safeguard user deactivate|reactivate|reset-password|unlock NAME`: what `/admin/users` does, from the command line.
struct UserAdministrationCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "name", help: "Username")
        var name: String
    }

    let action: String
    var help: String {
        switch action {
        case "deactivate": "Deactivates an account: its sessions and API tokens end at once."
        case "reactivate": "Reactivates a deactivated account."
        case "reset-password": "Prints a new one-time password; the old password, sessions and tokens stop working."
        case "reset-two-factor": "Removes the account's authenticator and recovery codes (a lost phone) and prints a new one-time password; its sessions and tokens end."
        default: "Forgets an account's failed sign-ins, lifting the throttle."
        }
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        guard let user = try await User.find(username: signature.name, on: app.db) else { throw CommandFailure("user \(action): unknown user '\(signature.name)'") }
        let accounts = app.cliAccounts
        switch action {
        case "deactivate": try await accounts.setActive(user, false)
        case "reactivate": try await accounts.setActive(user, true)
        case "reset-password": context.console.print("One-time password: \(try await accounts.resetPassword(user))")
        case "reset-two-factor": context.console.print("One-time password: \(try await accounts.resetSecondFactor(user))")
        default: try await accounts.unlock(user)
        }
        context.console.success("\(user.username): \(action) done.")
    }
}

/// `safeguard user import FILE`: the accounts of an Excel sheet (or CSV) — all, or none and each
/// problem by line; prints each new account's one-time password as CSV for handing over.
struct ImportUsersCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "An .xlsx or CSV file: username, full name, role, unit code, e-mail")
        var file: String
    }

    var help: String { "Creates the accounts of a sheet, all or none; prints username,one-time password for each." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        guard let data = FileManager.default.contents(atPath: signature.file) else { throw CommandFailure("user import: cannot read \(signature.file)") }
        switch try await AccountSheetController.create(from: data, app.cliAccounts, app) {
        case .unreadable(let message): throw CommandFailure("user import: \(signature.file): \(message(.en))")
        case .refused(let problems):
            let lines = problems.map { problem in
                "\(signature.file):\(problem.line): \(problem.error.field): \(app.localizer.string(problem.error.reason.localizationKey, .en))"
                    + (problem.error.reason.detail.map { " (\($0))" } ?? "")
            }
            throw CommandFailure("user import: nothing created\n" + lines.joined(separator: "\n"))
        case .created(let accounts):
            context.console.print("username,one_time_password")
            for account in accounts { context.console.print("\(account.user.username),\(account.oneTimePassword)") }
            context.console.success("Created \(accounts.count) accounts; each must change the password at the first sign-in.")
        }
    }
}

extension Application {
    /// Account administration as the operator at the command line (`cli` in the audit log).
    var cliAccounts: AccountAdministration { AccountAdministration(db: db, hasher: password, now: clock.now(), actor: .init(userID: nil, name: "cli", ip: nil)) }
}
