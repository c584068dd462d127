import Fluent
import SafeguardCore
import Vapor
import Yams

/// The report forms in force: the newest version of each. Forms shipped in
/// `Resources/Data/report-forms` are loaded when their code is not in the database yet (first
/// start, or an upgrade that adds a form); after that the database is the truth, and a change is a
/// new version.
struct ReportFormCatalog {
    let db: any Database

    static let folder = "Data/report-forms"

    enum Failure: Error, CustomStringConvertible {
        case invalid(file: String, problems: [String])
        var description: String {
            switch self {
            case .invalid(let file, let problems): "\(file): \(problems.joined(separator: "; "))"
            }
        }
    }

    /// Reads every `*.yaml` in `directory`; a form with problems stops the load, naming the file.
    static func read(directory: String) throws -> [ReportForm] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return try files.filter { $0.hasSuffix(".yaml") }.sorted().map { name in
            let path = (directory as NSString).appendingPathComponent(name)
            let form = try YAMLDecoder().decode(ReportForm.self, from: try String(contentsOfFile: path, encoding: .utf8))
            let problems = form.problems()
            guard problems.isEmpty else { throw Failure.invalid(file: name, problems: problems) }
            return form
        }
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
