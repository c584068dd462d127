import Fluent
import SafeguardCore
import Vapor

/// Loads a synthetic crime history (`SyntheticHistory`) for a province's communes, so the
/// dashboard is alive on first start and benchmarks have volume.
struct DemoHistory {
    let db: any Database
    let reference: ReferenceData
    let clock: WallClock
    let cipher: FieldCipher

    @discardableResult
    func load(province: String, from first: CalendarDate, to last: CalendarDate, casesPerYear: Int, seed: UInt64 = 799, surges: [SyntheticHistory.Surge] = [],
              layoutCentre: (latitude: Double, longitude: Double)? = nil,
              progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> (cases: Int, reports: Int) {
        let communes = try await Scope.province(province).filter(OrgUnit.query(on: db))
            .filter(\.$kind ~~ [.ward, .commune, .specialZone]).sort(\.$code).all()
        var history = SyntheticHistory(
            communes: communes.map { .init(code: $0.code, isUrban: $0.kind == .ward) },
            first: first, last: last, casesPerYear: casesPerYear, seed: seed)
        history.surges = surges
        history.layoutCentre = layoutCentre
        let (cases, reports) = history.generate(penalCode: reference.penalCode)
        var writer = CrimeRecordWriter(db: db, reference: reference, cipher: cipher)
        var caseRows: [(ValidCase, CrimeRecordWriter.Placement)] = []
        var reportRows: [(ValidReport, CrimeRecordWriter.Placement)] = []
        for c in cases { if let place = try await writer.placement(of: c.unit) { caseRows.append((c, place)) } }
        for r in reports { if let place = try await writer.placement(of: r.unit) { reportRows.append((r, place)) } }
        let total = caseRows.count + reportRows.count
        try await db.transaction { [caseRows, reportRows, writer] db in
            try await writer.insert(cases: caseRows, on: db, now: clock.now()) { done in progress?(done, total) }
            try await writer.insert(reports: reportRows, on: db, now: clock.now()) { done in progress?(caseRows.count + done, total) }
        }
        return (caseRows.count, reportRows.count)
    }
}
