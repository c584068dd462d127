import Fluent
import SQLKit
import SafeguardCore
import Vapor

/// `safeguard import cases|reports FILE`: a CSV file of cases or crime reports.
///
/// Every row is checked first (fields, the Penal Code table, the report's handling steps, the
/// unit, duplicate numbers in the file and in the database). A file with any bad row imports
/// nothing unless `skipInvalid` is set; then the good rows are imported and the bad ones
/// returned, to be written to a rejects file. The good rows go in one transaction.
struct RecordImporter {
    enum Kind: String, Sendable {
        case cases, reports

        var columns: [String: [String]] { self == .cases ? ImportColumns.cases : ImportColumns.reports }
        var required: [String] {
            self == .cases ? ["code", "article", "clause", "unit", "occurred_on", "discovered_on"]
                : ["code", "kind", "received_on", "unit", "source", "category"]
        }
    }

    /// A rejected row: its line in the file, the column as headed in the file, and the reason.
    struct RowError: Sendable, Equatable {
        var line: Int
        var column: String
        var error: FieldError
    }

    static let dateFields = ["occurred_on", "discovered_on", "solved_on", "received_on", "registered_on", "suspended_on", "resumed_on", "decided_on"]

    struct Outcome: Sendable {
        /// Rows imported (or, in a dry run, rows that would be).
        var imported: Int
        var rejected: [RowError]
        /// The rejected rows as they were in the file (header first), for the rejects file.
        var rejectedRows: [[String]]
        var header: [String]
    }

    enum Failure: Error {
        case unreadable(String)
        case malformed(String)
        /// An Excel file that is not a workbook or passes one of `XLSXReader.Limits`.
        case workbook(XLSXReader.Failure)
        case missingColumns([String])
        case invalidRows([RowError], total: Int)
    }

    let db: any Database
    let cipher: FieldCipher
    let reference: ReferenceData
    /// The date rows are judged against (nothing discovered after it) and the rows' creation time.
    var today: CalendarDate
    var now: Date
    /// Only units under this path may receive rows (a web import by an officer); nil for the command line.
    var scopePath: String?
    /// Only units of this province may receive rows (a web import by a province-wide user).
    var scopeProvince: String?
    /// Called with (stage, rows checked or inserted, total rows) as the import advances.
    var progress: (@Sendable (String, Int, Int) -> Void)?

    init(db: any Database, reference: ReferenceData, clock: WallClock, cipher: FieldCipher) {
        self.db = db
        self.reference = reference
        self.cipher = cipher
        (today, now) = (clock.today, clock.now())
    }

    func importFile(_ kind: Kind, at path: String, skipInvalid: Bool) async throws -> Outcome {
        guard let data = FileManager.default.contents(atPath: path) else { throw Failure.unreadable(path) }
        return try await importRecords(kind, try Self.read(data), skipInvalid: skipInvalid)
    }

    func importText(_ kind: Kind, _ text: String, skipInvalid: Bool) async throws -> Outcome {
        try await importRecords(kind, try Self.read(Data(text.utf8)), skipInvalid: skipInvalid)
    }

    /// The rows of an import file, and where its spreadsheet date serials count from.
    struct File {
        var records: [(line: Int, fields: [String])]
        /// The day number (days from 1970-01-01) of serial day 0: 30 Dec 1899 in Excel's usual
        /// 1900 date system (whose serials include the phantom 29 Feb 1900), 1 Jan 1904 in the 1904
        /// system of workbooks from older Mac Excel.
        var serialDayZero = -25_569

        /// A date cell's text: Excel stores a typed date as its serial day number (a date with a
        /// time of day has a fraction, and the day is its whole part), read here as an ISO date;
        /// any other text passes through for the field's own check.
        func dateText(_ value: String?) -> String? {
            guard let serial = value.flatMap(Double.init), (20_000...80_000).contains(serial) else { return value }
            return CalendarDate(dayNumber: Int(serial.rounded(.down)) + serialDayZero).description
        }
    }

    /// The rows of a CSV (UTF-8) or Excel (.xlsx, recognised by its ZIP signature) file.
    static func read(_ data: Data) throws -> File {
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            do {
                let sheet = try XLSXReader().read(data)
                return File(records: sheet.records, serialDayZero: sheet.uses1904Dates ? -24_107 : -25_569)
            } catch { throw Failure.workbook(error) }
        }
        guard let text = String(data: data, encoding: .utf8) else { throw Failure.malformed("the file is neither UTF-8 CSV nor .xlsx") }
        do { return File(records: try CSVReader().records(in: text)) } catch {
            if case .unterminatedQuote(let line) = error { throw Failure.malformed("a quoted field opened on line \(line) is never closed") }
            throw Failure.malformed("\(error)")
        }
    }

    /// Checks every row and, unless `dryRun`, imports: all rows, or with `skipInvalid` the good ones.
    func importRecords(_ kind: Kind, _ file: File, skipInvalid: Bool, dryRun: Bool = false) async throws -> Outcome {
        let records = file.records
        guard let header = records.first?.fields else { throw Failure.malformed("the file is empty") }
        let columns = ImportColumns.map(header: header, columns: kind.columns)
        let missing = kind.required.filter { columns[$0] == nil }
        guard missing.isEmpty else { throw Failure.missingColumns(missing) }
        func title(_ field: String) -> String { columns[field].map { header[$0] } ?? field }

        var writer = CrimeRecordWriter(db: db, reference: reference, cipher: cipher)
        var errors: [RowError] = []
        var rejectedLines = Set<Int>()
        var seenCodes: [String: Int] = [:]
        var validCases: [(Int, ValidCase)] = []
        var validReports: [(Int, ValidReport)] = []
        // A dry run (the web preview) only counts the good rows: it keeps their lines, not their
        // values, so a 20 MB upload is not held twice over while it is checked.
        var validLines: [Int] = []
        let categoryIDs = reference.categoryIDs
        let categoryByName = Dictionary(reference.categories.map { (VietnameseFolding.fold($0.name), $0.id) }, uniquingKeysWith: { a, _ in a })
        let rows = records.dropFirst()
        for (index, record) in rows.enumerated() {
            if index % 10_000 == 0 { progress?("checked", index, rows.count) }
            var row: [String: String] = [:]
            for (field, column) in columns where column < record.fields.count { row[field] = record.fields[column] }
            for field in Self.dateFields { row[field] = file.dateText(row[field]) }
            func reject(_ error: FieldError) {
                errors.append(RowError(line: record.line, column: title(error.field), error: error))
                rejectedLines.insert(record.line)
            }
            let code: String
            let unit: String
            switch kind {
            case .cases:
                switch CaseDraft(row: row).validate(penalCode: reference.penalCode, today: today) {
                case .failure(let failure): failure.errors.forEach(reject); continue
                case .success(let valid):
                    if dryRun { validLines.append(record.line) } else { validCases.append((record.line, valid)) }
                    code = valid.code; unit = valid.unit
                }
            case .reports:
                if let category = row["category"], let id = categoryByName[VietnameseFolding.fold(category)] { row["category"] = id }
                switch ReportDraft(row: row).validate(categories: categoryIDs, today: today) {
                case .failure(let failure): failure.errors.forEach(reject); continue
                case .success(let valid):
                    if dryRun { validLines.append(record.line) } else { validReports.append((record.line, valid)) }
                    code = valid.code; unit = valid.unit
                }
            }
            if let first = seenCodes[code] {
                reject(FieldError("code", .duplicateCode("\(code) (\(first))")))
            } else {
                seenCodes[code] = record.line
            }
            guard let place = try await writer.placement(of: unit) else { reject(FieldError("unit", .unknownUnit(unit))); continue }
            if kind == .cases && !place.isInCommuneTree { reject(FieldError("unit", .notAllowed)) }
            if let scopePath, !place.path.hasPrefix(scopePath) { reject(FieldError("unit", .notAllowed)) }
            if let scopeProvince, place.provinceCode != scopeProvince { reject(FieldError("unit", .notAllowed)) }
        }
        // Numbers already in the database.
        let table = kind == .cases ? CriminalCase.schema : CrimeReport.schema
        let codes = Array(seenCodes.keys)
        let sql = db as! any SQLDatabase
        for start in stride(from: 0, to: codes.count, by: 5_000) {
            let chunk = Array(codes[start..<min(start + 5_000, codes.count)])
            let rows = try await sql.select().column("code").from(table).where("code", .in, chunk).all()
            for row in rows {
                let code = try row.decode(column: "code", as: String.self)
                if let line = seenCodes[code] {
                    errors.append(RowError(line: line, column: title("code"), error: FieldError("code", .duplicateCode(code))))
                    rejectedLines.insert(line)
                }
            }
        }
        errors.sort { ($0.line, $0.column) < ($1.line, $1.column) }
        let rejectedRows = records.filter { rejectedLines.contains($0.line) }.map(\.fields)
        if dryRun {
            let good = validLines.filter { !rejectedLines.contains($0) }.count
            return Outcome(imported: good, rejected: errors, rejectedRows: rejectedRows, header: header)
        }
        if !errors.isEmpty && !skipInvalid { throw Failure.invalidRows(errors, total: rows.count) }

        var casesToInsert: [(ValidCase, CrimeRecordWriter.Placement)] = []
        for (line, c) in validCases where !rejectedLines.contains(line) {
            if let place = try await writer.placement(of: c.unit) { casesToInsert.append((c, place)) }
        }
        var reportsToInsert: [(ValidReport, CrimeRecordWriter.Placement)] = []
        for (line, r) in validReports where !rejectedLines.contains(line) {
            if let place = try await writer.placement(of: r.unit) { reportsToInsert.append((r, place)) }
        }
        let progress = self.progress
        try await db.writeTransaction { [casesToInsert, reportsToInsert, writer] db in
            try await writer.insert(cases: casesToInsert, on: db, now: now) { done in progress?("imported", done, casesToInsert.count) }
            try await writer.insert(reports: reportsToInsert, on: db, now: now) { done in progress?("imported", done, reportsToInsert.count) }
        }
        return Outcome(imported: casesToInsert.count + reportsToInsert.count, rejected: errors, rejectedRows: rejectedRows, header: header)
    }
}

extension RecordImporter.RowError {
    /// "dòng 5, cột «Ngày phát hiện»: Ngày không hợp lệ … (31/02/2026)".
    func message(_ localizer: Localizer, _ language: Language) -> String {
        let detail = error.reason.detail.map { " (\($0))" } ?? ""
        return "\(localizer.string("import_line", language)) \(line), \(localizer.string("import_column", language)) «\(column)»: "
            + localizer.string(error.reason.localizationKey, language) + detail
    }
}

