import Fluent
import SafeguardCore
import Vapor

/// Nhập dữ liệu từ tệp: upload a CSV or Excel file of cases or reports, see the first rows and
/// every problem, then confirm. Nothing is written before the confirmation.
struct ImportController: RouteCollection {
    static let maximumSize: ByteCount = "20mb"
    static let previewRows = 10
    static let pendingLifetime: TimeInterval = 24 * 3600

    func boot(routes: any RoutesBuilder) throws {
        routes.get("records", "import", use: form)
        routes.on(.POST, "records", "import", body: .collect(maxSize: Self.maximumSize), use: upload).collecting(Self.maximumSize)
        routes.post("records", "import", ":id", "confirm", use: confirm)
    }

    private func importer(_ req: Request) async throws -> RecordImporter {
        var importer = RecordImporter(db: req.db, reference: req.application.referenceData, clock: req.application.clock, cipher: req.fieldCipher)
        let scope = try await req.defaultScope()
        importer.scopePath = scope.kind == .province ? nil : scope.path
        importer.scopeProvince = scope.provinceCode
        try req.authorize(.editUnitRecords(unit: scope.code), on: scope)
        return importer
    }

    func form(req: Request) async throws -> View {
        try await req.page("crime-records/import", Form(page: PageContext(req, title: req.t("import_title")), kinds: kinds(req)))
    }

    private func kinds(_ req: Request) -> [Choice] {
        [Choice(value: "cases", label: req.t("nav_cases")), Choice(value: "reports", label: req.t("nav_reports"))]
    }

    private func failure(_ error: RecordImporter.Failure, _ req: Request) -> String {
        switch error {
        case .unreadable, .malformed: req.t("import_unreadable")
        case .workbook(let failure): failure.message(req.application.localizer, req.language)
        case .missingColumns(let fields): "\(req.t("import_missing_columns")): \(fields.joined(separator: ", "))"
        case .invalidRows: req.t("error.bad-request")
        }
    }

    func upload(req: Request) async throws -> Response {
        struct Upload: Content {
            var kind: String
            var file: File
        }
        let upload = try req.content.decode(Upload.self)
        guard let kind = RecordImporter.Kind(rawValue: upload.kind) else { throw Abort(.badRequest, reason: req.t("error.bad-request")) }
        let data = Data(buffer: upload.file.data)
        let importer = try await importer(req)
        let outcome: RecordImporter.Outcome
        let records: [(line: Int, fields: [String])]
        do {
            let file = try RecordImporter.read(data)
            records = file.records
            outcome = try await importer.importRecords(kind, file, skipInvalid: true, dryRun: true)
        } catch let error as RecordImporter.Failure {
            let page = Form(page: PageContext(req, title: req.t("import_title")), kinds: kinds(req), error: failure(error, req))
            return try await req.page("crime-records/import", page).encodeResponse(status: .unprocessableEntity, for: req)
        }
        // Uploads hold personal data: those not confirmed within a day are deleted.
        try await PendingImport.query(on: req.db).filter(\.$createdAt < req.now.addingTimeInterval(-Self.pendingLifetime)).delete()
        let sealed = try await req.fieldCipher.seal(data, for: .pendingImport, on: req.db)
        let pending = PendingImport(userID: try req.user.requireID(), kind: kind.rawValue, fileName: upload.file.filename, content: sealed, createdAt: req.now)
        try await pending.create(on: req.db)
        let messages = outcome.rejected.map { $0.message(req.application.localizer, req.language) }
        let page = Preview(
            page: PageContext(req, title: req.t("import_preview")), id: try pending.requireID().uuidString, fileName: upload.file.filename,
            kind: req.t(kind == .cases ? "nav_cases" : "nav_reports"), header: outcome.header,
            rows: records.dropFirst().prefix(Self.previewRows).map(\.fields), total: records.count - 1, good: outcome.imported,
            errors: Array(messages.prefix(100)), moreErrors: max(0, messages.count - 100))
        return try await req.page("crime-records/import-preview", page).encodeResponse(for: req)
    }

    func confirm(req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: UUID.self),
              let pending = try await PendingImport.find(id, on: req.db), pending.userID == (try req.user.requireID()),
              let kind = RecordImporter.Kind(rawValue: pending.kind)
        else { throw Abort(.notFound, reason: req.t("error.not-found")) }
        let skipInvalid = (try? req.content.get(String.self, at: "skip_invalid")) == "1"
        let importer = try await importer(req)
        do {
            let content = try await req.fieldCipher.open(pending.content, for: .pendingImport, on: req.db)
            let outcome = try await importer.importRecords(kind, try RecordImporter.read(content), skipInvalid: skipInvalid)
            try await pending.delete(on: req.db)
            try await req.audit("import", kind.rawValue, key: pending.fileName, detail: "\(outcome.imported) imported, \(outcome.rejected.count) rejected")
            let page = Result(page: PageContext(req, title: req.t("import_done")), imported: outcome.imported,
                              rejected: outcome.rejected.map { $0.message(req.application.localizer, req.language) },
                              listLink: kind == .cases ? "/records/cases" : "/records/reports?filter=all")
            return try await req.page("crime-records/import-result", page).encodeResponse(for: req)
        } catch RecordImporter.Failure.invalidRows(let errors, _) {
            // Kept, so the user can confirm again skipping the bad rows; expired uploads are removed (see `upload`).
            let page = Result(page: PageContext(req, title: req.t("import_refused")), imported: 0,
                              rejected: errors.map { $0.message(req.application.localizer, req.language) },
                              listLink: "/records/import")
            return try await req.page("crime-records/import-result", page).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }
}
