import Fluent
import SafeguardCore
import Vapor

/// The report forms in force: the newest version of each. Forms shipped in
/// `Resources/Data/report-forms` are loaded when their code is not in the database yet (first
/// start, or an upgrade that adds a form); after that the database is the truth, and a change is a
/// new version.
struct ReportFormCatalog {
    let db: any Database

    static let folder = "Data/report-forms"

    /// Every `*.yaml` in `directory`; a form with problems stops the load, naming the file.
    static func read(directory: String) throws -> [ReportForm] {
        try DefinitionFiles.read(ReportForm.self, directory: directory) { $0.problems() }
    }

    /// One form's YAML, checked (`ReportForm.problems`); errors name the file.
    static func read(text: String, file: String) throws -> ReportForm {
        try DefinitionFiles.read(ReportForm.self, text: text, file: file) { $0.problems() }
    }

    /// Stores a revised form as the next version (reports already made keep theirs); the same
    /// content as the newest version changes nothing.
    func revise(_ form: ReportForm, by actor: String) async throws -> DefinitionRevision {
        let revision = DefinitionRevision.of(form, against: try await self.form(form.code), version: \.version)
        if case .created(let version) = revision {
            var next = form
            next.version = version
            try await ReportFormRecord(next, by: actor).create(on: db)
        }
        return revision
    }

    /// Stores the shipped forms whose code is new; returns how many.
    @discardableResult
    func loadMissing(from directory: String) async throws -> Int {
        var added = 0
        for form in try Self.read(directory: directory) where try await ReportFormRecord.query(on: db).filter(\.$code == form.code).count() == 0 {
            try await ReportFormRecord(form, by: "bootstrap").create(on: db)
            added += 1
        }
        return added
    }

    /// The newest version of every form.
    func current() async throws -> [ReportForm] {
        let records = try await ReportFormRecord.query(on: db).sort(\.$code).sort(\.$version, .descending).all()
        var seen = Set<String>()
        return try records.filter { seen.insert($0.code).inserted }.map { try $0.form }
    }

    func form(_ code: String, version: Int? = nil) async throws -> ReportForm? {
        var query = ReportFormRecord.query(on: db).filter(\.$code == code)
        if let version { query = query.filter(\.$version == version) }
        return try await query.sort(\.$version, .descending).first()?.form
    }
}
