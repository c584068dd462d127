import Fluent
import SafeguardCore
import Vapor

/// Turns validated cases and reports into rows: resolves the unit, derives the commune, the
/// statistical month and week and the legal deadlines, and loads them with the engine's bulk path
/// (`BulkLoader`). Shared by the web forms, the file imports and the demo-data generator, so a record
/// is stored the same way whichever door it comes in by.
struct CrimeRecordWriter: Sendable {
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
    /// Seals the free text (summaries, a report's source: who denounced) before it is stored.
    let cipher: FieldCipher
    private var placements: [String: Placement?] = [:]

    init(db: any Database, reference: ReferenceData, cipher: FieldCipher) {
        self.db = db
        self.reference = reference
        self.cipher = cipher
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

    static let caseColumns = [
        "id", "code", "article", "clause", "severity", "category", "unit_id", "unit_path", "province_code", "commune_code",
        "occurred_on", "discovered_on", "discovered_month", "solved_on", "solved_month", "suspects", "summary",
        "latitude", "longitude", "created_at", "updated_at", "discovered_week",
    ]

    /// A case as a row of `criminal_cases`, in the order of `caseColumns`.
    static func caseRow(_ c: ValidCase, at place: Placement, now: Date, sealer: FieldCipher.Sealer) throws -> [BulkValue] {
        [
            .uuid(UUID()), .text(c.code), .int(c.article), .int(c.clause), .text(c.severity.rawValue), .text(c.category),
            .uuid(place.unitID), .text(place.path), .text(place.provinceCode), .text(place.communeCode),
            .text(c.occurredOn.description), .text(c.discoveredOn.description), .int(c.discoveredMonth.code),
            .text(c.solvedOn?.description), .int(c.solvedMonth?.code), .int(c.suspects), .text(try c.summary.map { try sealer.seal($0, for: .caseSummary) }),
            .double(c.latitude), .double(c.longitude), .timestamp(now), .timestamp(now),
            .int(StatisticalWeek(containing: c.discoveredOn).mondayDayNumber),
        ]
    }

    static let reportColumns = [
        "id", "code", "kind", "received_at", "received_on", "received_month", "unit_id", "unit_path", "province_code", "commune_code",
        "source", "category", "summary", "transfer_due_at", "created_at", "updated_at",
    ] + Handling.columns

    /// A report as a row of `crime_reports`, in the order of `reportColumns`.
    func reportRow(_ r: ValidReport, id: UUID, at place: Placement, now: Date, sealer: FieldCipher.Sealer) throws -> [BulkValue] {
        let life = r.lifecycle
        // Received at the start of the day in Việt Nam (UTC+7) when no time is given.
        let receivedAt = life.receivedOn.startInVietnam
        let hours = place.isSpecialZone ? reference.deadlinePolicy.remoteTransferHours : reference.deadlinePolicy.transferHours
        return [
            .uuid(id), .text(r.code), .text(r.kind.rawValue), .timestamp(receivedAt), .text(life.receivedOn.description),
            .int(StatisticalMonth(containing: life.receivedOn).code), .uuid(place.unitID), .text(place.path),
            .text(place.provinceCode), .text(place.communeCode), .text(try sealer.seal(r.source, for: .reportSource)), .text(r.category),
            .text(try r.summary.map { try sealer.seal($0, for: .reportSummary) }),
            .timestamp(receivedAt.addingTimeInterval(Double(hours) * 3600)), .timestamp(now), .timestamp(now),
        ] + handling(life).values
    }

    /// A report's handling as stored: state, steps, resolution month and legal deadline.
    struct Handling {
        static let columns = ["state", "registered_on", "registered_month", "extensions", "suspended_on", "resumed_on",
                              "decided_on", "outcome", "resolved_month", "deadline_on", "transferred_on"]
        var life: CrimeReportLifecycle
        var deadline: CalendarDate?

        var registeredMonth: Int? { life.registeredOn.map { StatisticalMonth(containing: $0).code } }

        var values: [BulkValue] {
            [.text(life.state.rawValue), .text(life.registeredOn?.description), .int(registeredMonth), .int(life.extensions),
             .text(life.suspendedOn?.description), .text(life.resumedOn?.description), .text(life.decidedOn?.description),
             .text(life.outcome?.rawValue), .int(life.resolvedMonth?.code), .text(deadline?.description), .text(life.transferredOn?.description)]
        }
    }

    func handling(_ life: CrimeReportLifecycle) -> Handling {
        Handling(life: life, deadline: life.deadline(policy: reference.deadlinePolicy, calendar: reference.holidays))
    }

    /// Copies a report's handling onto its row (a handling step from a form).
    func fillHandling(of row: CrimeReport, from life: CrimeReportLifecycle) {
        let handling = handling(life)
        row.state = life.state
        row.registeredOn = life.registeredOn?.description
        row.registeredMonth = handling.registeredMonth
        row.extensions = life.extensions
        row.suspendedOn = life.suspendedOn?.description
        row.resumedOn = life.resumedOn?.description
        row.decidedOn = life.decidedOn?.description
        row.outcome = life.outcome
        row.resolvedMonth = life.resolvedMonth?.code
        row.deadlineOn = handling.deadline?.description
        row.transferredOn = life.transferredOn?.description
    }

    /// Inserts placed cases with the engine's bulk path; run inside a transaction.
    func insert(cases: [(ValidCase, Placement)], on db: any Database, now: Date, progress: (@Sendable (Int) -> Void)? = nil) async throws {
        let sealer = try await cipher.sealer(for: .crimeRecords, on: db)
        try await BulkLoader(db: db).load(table: CriminalCase.schema, columns: Self.caseColumns, count: cases.count, rows: { range in
            try cases[range].map { try Self.caseRow($0.0, at: $0.1, now: now, sealer: sealer) }
        }, progress: progress)
    }

    /// Inserts placed reports, and their handling steps (`HandlingStepStore`), with the engine's bulk
    /// path; run inside a transaction. `actor` recorded the steps (nil: an import or generated data).
    func insert(reports: [(ValidReport, Placement)], on db: any Database, now: Date, actor: String? = nil,
                progress: (@Sendable (Int) -> Void)? = nil) async throws {
        let writer = self
        let sealer = try await cipher.sealer(for: .crimeRecords, on: db)
        let ids = reports.map { _ in UUID() }
        try await BulkLoader(db: db).load(table: CrimeReport.schema, columns: Self.reportColumns, count: reports.count, rows: { range in
            try range.map { try writer.reportRow(reports[$0].0, id: ids[$0], at: reports[$0].1, now: now, sealer: sealer) }
        }, progress: progress)
        try await BulkLoader(db: db).load(table: HandlingStepStore.schema, columns: HandlingStepStore.columns, count: reports.count) { range in
            range.flatMap { i in
                let (report, place) = reports[i]
                return HandlingStepStore.rows(of: report.lifecycle.steps[...], report: ids[i], path: place.path, commune: place.communeCode,
                                              province: place.provinceCode, actor: actor, at: now)
            }
        }
    }
}
