import Vapor

/// `safeguard privacy register` prints the processing register as `docs/privacy.md` carries it;
/// `safeguard privacy retention` deletes now what `SAFEGUARD_RETENTION` says is past its time.
struct PrivacyCommand: AsyncCommandGroup {
    var help: String { "Prints the processing register, or runs the retention job now." }
    var commands: [String: any AnyAsyncCommand] { ["register": PrivacyRegisterCommand(), "retention": RetentionCommand()] }
}

struct PrivacyRegisterCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Prints the processing register's tables (markdown) for docs/privacy.md." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let register = try ProcessingRegister.load(from: context.application.settings.resource("Data"))
        context.console.output(register.markdown.consoleText(), newLine: false)
    }
}

struct RetentionCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Deletes what SAFEGUARD_RETENTION says is past its time; prints the counts." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        guard !app.settings.retention.isEmpty else {
            context.console.print("SAFEGUARD_RETENTION is not set: nothing is deleted.")
            return
        }
        let deleted = try await app.retentionJob.run()
        for kind in RetentionJob.Kind.allCases { if let n = deleted[kind] { context.console.print("\(kind.rawValue): \(n) deleted") } }
    }
}
