import Fluent
import SafeguardCore
import Vapor

/// Nhập danh sách: a commune's existing list of people under management, from Excel (.xlsx) or
/// CSV, headed as `ImportColumns.people` names (the export's headers among them). Every row is
/// checked first — the draft's rules, a managing unit the user may register people in, the same
/// identity number twice on one register in the file — and every problem is named by line and
/// column; only a file with none is imported, in one transaction, each person with their own audit
/// entry. The file itself is not kept (it is a list of identities).
struct PeopleImport {
    let req: Request

    struct Refused: Error {
        var problems: [RecordImporter.RowError]
        var general: String?
    }

    static let required = ["kind", "full_name", "birth_date", "id_number", "address", "unit", "basis_number", "basis_date", "basis_issuer", "started_on"]
    static let dateFields = ["birth_date", "basis_date", "notice_on", "started_on", "ends_on"]

    /// The number of people imported; `Refused` with every problem otherwise.
    func run(_ data: Data) async throws -> Int {
        let file: RecordImporter.File
        do { file = try RecordImporter.read(data) } catch { throw Refused(problems: [], general: req.t("people_import_unreadable")) }
        guard let header = file.records.first?.fields else { throw Refused(problems: [], general: req.t("people_import_empty")) }
        let columns = ImportColumns.map(header: header, columns: ImportColumns.people)
        let missing = Self.required.filter { columns[$0] == nil }
        guard missing.isEmpty else {
            throw Refused(problems: [], general: req.t("people_import_missing") + " " + missing.map { req.t(PeopleController.labels[$0] ?? $0) }.joined(separator: ", "))
        }
        func title(_ field: String) -> String { columns[field].map { header[$0] } ?? req.t(PeopleController.labels[field] ?? field) }

        let limits = req.application.referenceData.statutoryLimits
        let register = PeopleRegister(req: req)
        var problems: [RecordImporter.RowError] = []
        var valid: [(ValidManagedPerson, OrgUnit, String?, CalendarDate?)] = []
        var units: [String: OrgUnit?] = [:]
        var seen: [String: Int] = [:]
        for record in file.records.dropFirst() where !record.fields.allSatisfy({ $0.trimmed.isEmpty }) {
            var row: [String: String] = [:]
            for (field, column) in columns where column < record.fields.count { row[field] = record.fields[column] }
            for field in Self.dateFields { row[field] = file.dateText(row[field]) }
            var errors: [FieldError] = []
            let (notice, helper) = PeopleController.extras(row, errors: &errors)
            switch ManagedPersonDraft(row: row).validate(today: req.today, limits: limits) {
            case .failure(let e): errors = e.errors + errors
            case .success(let person):
                if units[person.unit] == nil { units[person.unit] = try await register.managingUnit(person.unit) }
                if let unit = units[person.unit] ?? nil {
                    if try !req.allows(.editPeople(unit: unit.code), on: unit) { errors.append(FieldError("unit", .notAllowed)) }
                    let key = "\(person.kind.rawValue)|\(person.idNumber)"
                    if let line = seen[key] { errors.append(FieldError("id_number", .repeatedInFile(String(line)))) } else { seen[key] = record.line }
                    if errors.isEmpty { valid.append((person, unit, helper, notice)) }
                } else {
                    errors.append(FieldError("unit", .unknownUnit(person.unit)))
                }
            }
            problems += errors.map { RecordImporter.RowError(line: record.line, column: title($0.field), error: $0) }
        }
        guard problems.isEmpty else { throw Refused(problems: problems, general: nil) }
        guard !valid.isEmpty else { throw Refused(problems: [], general: req.t("people_import_empty")) }
        try await register.registerAll(valid.map { (person: $0.0, unit: $0.1, helper: $0.2, noticeAt: $0.3?.startInVietnam) })
        return valid.count
    }
}
