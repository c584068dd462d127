import Fluent
import SafeguardCore
import Vapor

/// Turns validated cases and reports into rows: resolves the unit, derives the commune, the
/// statistical months and the legal deadlines, and inserts in batches. Shared by the web forms,
/// the API, the file imports and the demo-data generator.
struct CrimeRecordWriter {
    /// Where a record sits: its unit, the commune-level unit above it (or the unit itself for city bodies), its province.
    struct Placement: Sendable {
        var unitID: UUID
        var path: String
        var communeCode: String
        var provinceCode: String
        var isSpecialZone: Bool
        /// Whether the unit is a commune-level unit or below (cases must be placed in one).
        var isInCommuneTree: Bool
    }

    let db: any Database
    let reference: ReferenceData
    private var placements: [String: Placement?] = [:]

    init(db: any Database, reference: ReferenceData) {
        self.db = db
        self.reference = reference
    }

    /// The placement of a unit code, cached across a batch; nil for an unknown unit.
    mutating func placement(of code: String) async throws -> Placement? {
        if let cached = placements[code] { return cached }
        var result: Placement?
        if let unit = try await OrgUnit.find(code: code, on: db) {
            let codes = unit.pathCodes
            var commune = unit.code
            var communeKind = unit.kind
            var inTree = false
            if codes.count >= 2, let candidate = try await OrgUnit.find(code: codes[1], on: db), candidate.kind.isLocality {
                commune = candidate.code
                communeKind = candidate.kind
                inTree = true
            }
            result = Placement(unitID: try unit.requireID(), path: unit.path, communeCode: commune, provinceCode: unit.provinceCode,
                               isSpecialZone: communeKind == .specialZone, isInCommuneTree: inTree)
        }
        placements[code] = result
        return result
    }

    func makeCase(_ c: ValidCase, at place: Placement) -> CriminalCase {
        let row = CriminalCase()
        row.code = c.code
        row.article = c.article
        row.clause = c.clause
        row.severity = c.severity
        row.category = c.category
        row.$unit.id = place.unitID
        row.unitPath = place.path
        row.provinceCode = place.provinceCode
        row.communeCode = place.communeCode
        row.occurredOn = c.occurredOn.description
        row.discoveredOn = c.discoveredOn.description
        row.discoveredMonth = c.discoveredMonth.code
        row.solvedOn = c.solvedOn?.description
        row.solvedMonth = c.solvedMonth?.code
        row.suspects = c.suspects
        row.summary = c.summary
        row.latitude = c.latitude
        row.longitude = c.longitude
        return row
    }

    func makeReport(_ r: ValidReport, at place: Placement) -> CrimeReport {
        let row = CrimeReport()
        let life = r.lifecycle
        row.code = r.code
        row.kind = r.kind
        // Received at the start of the day in Việt Nam (UTC+7) when no time is given.
        row.receivedAt = Date(timeIntervalSince1970: Double(life.receivedOn.dayNumber * 86_400 - 7 * 3600))
        row.receivedOn = life.receivedOn.description
        row.receivedMonth = StatisticalMonth(containing: life.receivedOn).code
        row.$unit.id = place.unitID
        row.unitPath = place.path
        row.provinceCode = place.provinceCode
        row.communeCode = place.communeCode
        row.source = r.source
        row.category = r.category
        row.summary = r.summary
        fillHandling(of: row, from: life)
        let hours = place.isSpecialZone ? reference.deadlinePolicy.remoteTransferHours : reference.deadlinePolicy.transferHours
        row.transferDueAt = row.receivedAt.addingTimeInterval(Double(hours) * 3600)
        return row
    }

    /// Copies a report's handling (state, steps, resolution month, deadline) onto its row.
    func fillHandling(of row: CrimeReport, from life: CrimeReportLifecycle) {
        row.state = life.state
        row.registeredOn = life.registeredOn?.description
        row.registeredMonth = life.registeredOn.map { StatisticalMonth(containing: $0).code }
        row.extensions = life.extensions
        row.suspendedOn = life.suspendedOn?.description
        row.resumedOn = life.resumedOn?.description
        row.decidedOn = life.decidedOn?.description
        row.outcome = life.outcome
        row.resolvedMonth = life.resolvedMonth?.code
        row.deadlineOn = life.deadline(policy: reference.deadlinePolicy, calendar: reference.holidays)?.description
    }

    /// Inserts rows in batches (a few hundred per statement keeps both engines within their parameter limits).
    static func insert<M: Model>(_ rows: [M], on db: any Database, batch: Int = 400, progress: ((Int) -> Void)? = nil) async throws {
        for start in stride(from: 0, to: rows.count, by: batch) {
            let end = min(start + batch, rows.count)
            try await Array(rows[start..<end]).create(on: db)
            if let progress, end % 10_000 < batch || end == rows.count { progress(end) }
        }
    }
}
