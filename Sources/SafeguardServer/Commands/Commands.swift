import Vapor

/// The operator commands of `safeguard`, beside Vapor's `serve`.
enum Commands {
    static func register(in app: Application) {
        app.asyncCommands.use(MigrateCommand(), as: "migrate")
        app.asyncCommands.use(ImportCommand(), as: "import")
        app.asyncCommands.use(UserCommand(), as: "user")
        app.asyncCommands.use(TokenCommand(), as: "token")
        app.asyncCommands.use(GenerateCommand(), as: "generate")
        app.asyncCommands.use(KPICommand(), as: "kpi")
    }
}

/// A command failure: printed as one clear line, exit status non-zero.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// `safeguard migrate`: brings the schema up to date and loads first-start data. Safe to repeat.
struct MigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Creates or updates the database schema; on an empty database loads the units, the plan and demo data." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await context.application.prepareDatabase()
        context.console.success("Database is up to date.")
    }
}

/// `safeguard import plan FILE` and `safeguard import units FILE [--province CODE]`.
struct ImportCommand: AsyncCommandGroup {
    var help: String { "Imports a plan file or a unit catalogue." }
    var commands: [String: any AnyAsyncCommand] { ["plan": ImportAction(kind: "plan"), "units": ImportAction(kind: "units")] }
}

struct ImportAction: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "Path of the file")
        var file: String
        @Option(name: "province", help: "units: only this province from a national catalogue (repeat with commas)")
        var province: String?
    }

    let kind: String
    var help: String {
        "Imports a plan file (YAML: validated whole, one transaction, a new version when changed) or a unit catalogue (JSON or bodies YAML)."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        switch kind {
        case "plan":
            do {
                switch try await PlanImporter(db: app.db).importFile(at: signature.file, importedBy: "cli") {
                case .created(let key, let version): context.console.success("Imported plan \(key) as version \(version).")
                case .unchanged(let key, let version): context.console.info("Plan \(key) is unchanged (version \(version)); nothing imported.")
                }
            } catch let error as PlanFileError {
                throw CommandFailure("\(error.description)\nNothing was imported.")
            }
        case "units":
            let provinces = signature.province.map { Set($0.split(separator: ",").map(String.init)) }
            do {
                let counts = try await UnitCatalogImporter(db: app.db).importFile(at: signature.file, provinces: provinces)
                context.console.success("Units: \(counts.added) added, \(counts.updated) updated, \(counts.unchanged) unchanged.")
            } catch let error as UnitCatalogImporter.Failure {
                throw CommandFailure("\(error.description)\nNothing was imported.")
            }
        default:
            throw CommandFailure("unknown import kind '\(kind)'")
        }
    }
}
