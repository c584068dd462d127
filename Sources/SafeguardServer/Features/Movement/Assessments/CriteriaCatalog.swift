import Fluent
import SafeguardCore
import Vapor

/// The criteria sets in force: the newest version for each subject. The sets shipped in
/// `Resources/Data/movement/criteria` (placeholders to confirm against Decision 510) are loaded
/// when a subject has none yet; after that the database is the truth, and a change is a new
/// version — assessments keep the version they were scored on.
struct CriteriaCatalog {
    let db: any Database

    static let folder = "Data/movement/criteria"

    static func read(text: String, file: String) throws -> CriteriaSet {
        try DefinitionFiles.read(CriteriaSet.self, text: text, file: file) { $0.problems() }
    }

    /// Stores a revised set as the next version; the same content as the newest changes nothing.
    func revise(_ set: CriteriaSet, by actor: String) async throws -> DefinitionRevision {
        let revision = DefinitionRevision.of(set, against: try await self.set(set.subject), version: \.version)
        if case .created(let version) = revision {
            var next = set
            next.version = version
            try await CriteriaSetRecord(next, by: actor).create(on: db)
        }
        return revision
    }

    /// Stores the shipped sets whose subject has none yet; returns how many.
    @discardableResult
    func loadMissing(from directory: String) async throws -> Int {
        var added = 0
        for set in try DefinitionFiles.read(CriteriaSet.self, directory: directory, problems: { $0.problems() })
        where try await CriteriaSetRecord.query(on: db).filter(\.$subject == set.subject).count() == 0 {
            try await CriteriaSetRecord(set, by: "bootstrap").create(on: db)
            added += 1
        }
        return added
    }

    /// The newest version of every subject's set.
    func current() async throws -> [CriteriaSet] {
        var sets: [CriteriaSet] = []
        for subject in CriteriaSet.Subject.allCases { if let set = try await set(subject) { sets.append(set) } }
        return sets
    }

    func set(_ subject: CriteriaSet.Subject, version: Int? = nil) async throws -> CriteriaSet? {
        var query = CriteriaSetRecord.query(on: db).filter(\.$subject == subject)
        if let version { query = query.filter(\.$version == version) }
        return try await query.sort(\.$version, .descending).first()?.set
    }
}
