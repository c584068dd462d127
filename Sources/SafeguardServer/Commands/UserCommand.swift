import Fluent
import SafeguardCore
import Vapor

/// `safeguard user add NAME --role ROLE [--unit CODE] [--email ADDRESS] [--password-stdin]`,
/// `safeguard user email NAME [ADDRESS]`, `safeguard user list`.
struct UserCommand: AsyncCommandGroup {
    var help: String { "Adds or lists user accounts, or sets the address reminders are e-mailed to." }
    var commands: [String: any AnyAsyncCommand] { ["add": AddUserCommand(), "list": ListUsersCommand(), "email": UserEmailCommand()] }
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
        let name = signature.name.trimmed.lowercased()
        guard !name.isEmpty else { throw CommandFailure("user add: NAME is required") }
        guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }), name.count <= 64 else {
            throw CommandFailure("user add: NAME may hold only letters, digits, '.', '_' and '-'")
        }
        guard let roleText = signature.role else { throw CommandFailure("user add: --role is required") }
        guard let role = Role(rawValue: roleText) else {
            throw CommandFailure("user add: unknown role '\(roleText)' (\(Role.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        var found: OrgUnit?
        if let code = signature.unit {
            guard let unit = try await OrgUnit.find(code: code, on: app.db) else { throw CommandFailure("user add: unknown unit '\(code)'") }
            guard role.acceptsUnit(kind: unit.kind) else {
                throw CommandFailure("user add: a \(role.rawValue) cannot belong to \(unit.name) (\(unit.kind.rawValue))")
            }
            found = unit
        } else if role.requiresUnit {
            throw CommandFailure("user add: --unit is required for role \(role.rawValue)")
        }
        if let email = signature.email, !Email.isValidAddress(email) { throw CommandFailure("user add: --email '\(email)' is not an e-mail address") }
        guard try await User.find(username: name, on: app.db) == nil else { throw CommandFailure("user add: '\(name)' already exists") }
        let unit = found
        let password: String
        let oneTime: Bool
        if signature.passwordStdin {
            guard let line = readLine(strippingNewline: true) else { throw CommandFailure("user add: no password on standard input") }
            if let problem = AuthController.passwordPolicy.problem(with: line, username: name) {
                throw CommandFailure("user add: the password on standard input is refused: \(problem)")
            }
            password = line
            oneTime = false
        } else {
            password = DemoData.oneTimePassword()
            oneTime = true
        }
        let user = User(username: name, displayName: signature.displayName ?? name, passwordHash: try app.password.hash(password),
                        role: role, unitID: unit?.id, mustChangePassword: oneTime)
        user.email = signature.email
        try await app.db.transaction { db in
            try await user.create(on: db)
            try await AuditEntry(at: app.clock.now(), userID: nil, actor: "cli", action: "create", entity: "user", entityKey: name,
                                 detail: "role=\(role.rawValue) unit=\(unit?.code ?? "-")", ip: nil).append(on: db)
        }
        context.console.success("Created \(name) (\(role.rawValue)\(unit.map { ", \($0.code)" } ?? "")).")
        if oneTime { context.console.print("One-time password: \(password)") }
    }
}
