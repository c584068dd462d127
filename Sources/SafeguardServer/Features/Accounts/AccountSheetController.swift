import Fluent
import SafeguardCore
import Vapor

/// `/admin/users/import`: many accounts from one Excel sheet (or CSV) — one per commune officer
/// of the 114 units. Nothing is created unless every row is good; the answer lists each problem by
/// row, or each new account with its one-time password, shown this once for printing and handing
/// over in person.
struct AccountSheetController: RouteCollection {
    /// A thousand rows of five short columns is far below this.
    static let maximumSize: ByteCount = "2mb"

    func boot(routes: any RoutesBuilder) throws {
        let sheet = routes.grouped("admin", "users", "import")
        sheet.get(use: form)
        sheet.get("template.xlsx", use: template)
        sheet.on(.POST, body: .collect(maxSize: Self.maximumSize), use: upload).collecting(Self.maximumSize)
    }

    func form(req: Request) async throws -> View {
        try req.authorize(.manageUsers)
        return try await req.page("accounts/import", ImportPage(page: PageContext(req, title: req.t("accounts_import_title"))))
    }

    /// An empty sheet with the headings, in the user's language.
    func template(req: Request) async throws -> Response {
        try req.authorize(.manageUsers)
        let keys = ["accounts_username", "accounts_display_name", "accounts_role", "accounts_unit_code", "accounts_email"]
        let example = ["canbo.11311", "Nguyễn Văn A", req.t(Role.communeOfficer.localizationKey), "11311", ""]
        let data = try XLSXWriter.workbook(sheetName: req.t("accounts_title"), rows: [keys.map { req.t($0) }, example])
        return Response.attachment(data, type: EvidenceKind.xlsx.contentType, name: "tai-khoan.xlsx")
    }

    func upload(req: Request) async throws -> Response {
        try req.authorize(.manageUsers)
        struct Upload: Content { var file: File }
        let upload = try req.content.decode(Upload.self)
        let outcome = try await Self.create(from: Data(buffer: upload.file.data), req.accounts, req.application)
        switch outcome {
        case .unreadable(let message):
            let page = ImportPage(page: PageContext(req, title: req.t("accounts_import_title")), error: message(req.language))
            return try await req.page("accounts/import", page).encodeResponse(status: .unprocessableEntity, for: req)
        case .refused(let problems):
            let page = ImportPage(page: PageContext(req, title: req.t("accounts_import_title")), error: req.t("accounts_import_refused"),
                                  problems: problems.map { ImportPage.Problem($0, req.application, req.language) })
            return try await req.page("accounts/import", page).encodeResponse(status: .unprocessableEntity, for: req)
        case .created(let accounts):
            try await Self.loadUnits(accounts.map(\.user), on: req.db)
            let page = ImportPage(page: PageContext(req, title: req.t("accounts_import_done")),
                                  created: accounts.map { .init(username: $0.user.username, displayName: $0.user.displayName,
                                                                unit: $0.user.$unit.value??.code ?? "", oneTimePassword: $0.oneTimePassword) })
            return try await req.page("accounts/import-done", page).encodeResponse(status: .created, for: req)
        }
    }

    /// What one upload came to: for the page, the API and the command line alike.
    enum Outcome {
        /// Not a sheet Safeguard can read; the message in a language.
        case unreadable((Language) -> String)
        case refused([AccountSheet.Problem])
        case created([(user: User, oneTimePassword: String)])
    }

    static func create(from data: Data, _ accounts: AccountAdministration, _ app: Application) async throws -> Outcome {
        let file: RecordImporter.File
        do { file = try RecordImporter.read(data) } catch let failure as RecordImporter.Failure {
            if case .workbook(let workbook) = failure { return .unreadable { workbook.message(app.localizer, $0) } }
            return .unreadable { app.localizer.string("import_unreadable", $0) }
        }
        // A role may be written as its code or its name in either language.
        let names = Role.allCases.flatMap { role in Language.allCases.map { (VietnameseFolding.fold(app.localizer.string(role.localizationKey, $0)), role.rawValue) } }
        let roles = Dictionary(names, uniquingKeysWith: { a, _ in a })
        switch AccountSheet.read(file.records, role: { roles[VietnameseFolding.fold($0)] }) {
        case .failure(let problems): return .refused(problems.list)
        case .success(let sheet):
            switch try await accounts.create(sheet) {
            case .failure(let problems): return .refused(problems.list)
            case .success(let created): return .created(created)
            }
        }
    }

    static func loadUnits(_ users: [User], on db: any Database) async throws {
        let ids = Set(users.compactMap { $0.$unit.id })
        let units = Dictionary(uniqueKeysWithValues: try await OrgUnit.query(on: db).filter(\.$id ~~ ids).all().map { (try $0.requireID(), $0) })
        for user in users { user.$unit.value = user.$unit.id.flatMap { units[$0] } }
    }
}

extension AccountSheet.Problem {
    /// "Dòng 4, «Mã đơn vị»: Không có đơn vị này (99999)".
    func message(_ localizer: Localizer, _ language: Language) -> String {
        let label = AccountController.labels[error.field].map { localizer.string($0, language) } ?? error.field
        return "\(localizer.string("import_line", language)) \(line), «\(label)»: \(localizer.string(error.reason.localizationKey, language))"
            + (error.reason.detail.map { " (\($0))" } ?? "")
    }
}

extension AccountSheetController {
    struct ImportPage: Encodable {
        struct Problem: Encodable {
            var line: Int
            var message: String
            init(_ problem: AccountSheet.Problem, _ app: Application, _ language: Language) {
                (line, message) = (problem.line, problem.message(app.localizer, language))
            }
        }

        struct Created: Encodable {
            var username: String
            var displayName: String
            var unit: String
            var oneTimePassword: String
        }

        var page: PageContext
        var error: String?
        var problems: [Problem] = []
        var created: [Created] = []
    }
}
