import Fluent
import SafeguardCore
import Vapor

/// The movement's data for a scope and year: the units evaluated, their assessments, and the
/// figures the plan's movement targets are measured on (`MovementFigures`) — one definition used
/// by the dashboard, the API and the pages.
struct MovementQueries {
    let db: any Database

    init(_ db: any Database) { self.db = db }

    static let communeKinds: [OrgUnitKind] = [.ward, .commune, .specialZone]

    /// Units in the scope that are evaluated in the movement (residential areas, communes,
    /// agencies, enterprises, schools, departments) and existed on their deadline, in tree order.
    func evaluatedUnits(in scope: OrgUnit, year: Int) async throws -> [OrgUnit] {
        let kinds = OrgUnitKind.allCases.filter { CriteriaSet.Subject.of($0) != nil }
        return try await OrgUnit.query(in: scope, on: db).filter(\.$kind ~~ kinds).sort(\.$path).all()
            .filter { $0.lifetime.isExpected(through: Assessment.deadline(for: CriteriaSet.Subject.of($0.kind)!, year: year)) }
    }

    /// The scope's assessments for the year by unit code.
    func assessments(in scope: OrgUnit, year: Int) async throws -> [String: AssessmentRecord] {
        let rows = try await AssessmentRecord.query(in: scope, on: db).filter(\.$year == year).all()
        return Dictionary(rows.map { ($0.unitCode, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The figures of targets 6–10 for the scope's communes and units in `year`. A model or online
    /// activity of a village counts for its commune (`ModelCoverage`).
    func figures(scope: OrgUnit, year: Int) async throws -> MovementFigures {
        let units = try await OrgUnit.query(in: scope, on: db).filter(\.$kind ~~ (Self.communeKinds + [.department]))
            .field(\.$id).field(\.$code).field(\.$kind).field(\.$openedOn).field(\.$closedOn).all()
            .filter { $0.lifetime.isExpected(through: CalendarDate(year: year, month: 12, day: 31)!) }
        let communes = Set(units.filter { Self.communeKinds.contains($0.kind) }.map(\.code))
        // A model or an online activity of a unit counts for the unit and every unit above it.
        let models = try await MovementModelRecord.query(in: scope, on: db).filter(\.$status == .active)
            .field(\.$id).field(\.$unitPath).field(\.$field).all()
        let withModel = { (field: ModelField) in ModelCoverage.coveredUnits(models.filter { $0.field == field }.map(\.unitPath)) }
        let drugFree = try await DrugAreaRecord.query(in: scope, on: db).filter(\.$year == year)
            .filter(\.$decisionNumber != nil).field(\.$id).field(\.$unitCode).all().map(\.unitCode)
        let registered = try await RegistrationRecord.query(in: scope, on: db).filter(\.$year == year)
            .filter(\.$exemplary == true).field(\.$id).field(\.$unitCode).all().map(\.unitCode)
        let months = ReportingPeriod(year: year, kind: .year).months
        let online = try await OutreachEventRecord.query(in: scope, on: db).filter(\.$kind == .livestream)
            .filter(\.$heldMonth >= months.lowerBound.code).filter(\.$heldMonth <= months.upperBound.code).field(\.$id).field(\.$unitPath).all().map(\.unitPath)
        let inCyberspace = withModel(.cyberspace).union(ModelCoverage.coveredUnits(online))
        let approved = try await AssessmentRecord.query(in: scope, on: db).filter(\.$year == year)
            .filter(\.$state == .approved).field(\.$id).field(\.$level).all()
        return MovementFigures(
            communes: communes.count, communesWithAntiDrugModel: communes.intersection(withModel(.antiDrug)).count,
            communesDrugFree: communes.intersection(drugFree).count, communesRegistered: communes.intersection(registered).count,
            cyberspaceUnits: units.count, unitsInCyberspace: Set(units.map(\.code)).intersection(inCyberspace).count,
            unitsAssessed: approved.count, unitsRatedWeak: approved.filter { $0.level == .weak }.count)
    }

    /// A commune's standing for "An toàn về an ninh, trật tự" (`SafetyRecognition.commune`).
    struct CommuneStanding {
        var commune: OrgUnit
        /// Its residential areas and units (agencies, enterprises, schools).
        var members: [OrgUnit]
        /// Codes of the members recognised.
        var recognised: Set<String>
        var verdict: SafetyRecognition.Verdict
        /// The cases on record that are listed incidents (`RecognitionChecklist.RecordCheck`), with the verdict naming each.
        var cases: [CriminalCase]
    }

    /// Cases discovered in the statistical year under `scope` whose severity is among `severities`
    /// — the listed incidents the records can answer — oldest first.
    func listedCases(in scope: OrgUnit, year: Int, severities: Set<CrimeSeverity>) async throws -> [CriminalCase] {
        guard !severities.isEmpty else { return [] }
        return try await CriminalCase.query(in: scope, on: db)
            .filter(\.$discoveredMonth >= year * 100 + 1).filter(\.$discoveredMonth <= year * 100 + 12)
            .filter(\.$severity ~~ Array(severities)).sort(\.$discoveredOn).all()
    }

    /// Each commune of the scope: its members, how many registered (safety) and were recognised,
    /// the incidents its areas' checklists report, and the verdict with its reasons.
    func recognition(in scope: OrgUnit, year: Int, checklist: (OrgUnitKind) throws -> RecognitionChecklist?) async throws -> [CommuneStanding] {
        let units = try await evaluatedUnits(in: scope, year: year)
        let registered = Set(try await RegistrationRecord.query(in: scope, on: db).filter(\.$year == year)
            .filter(\.$safety == true).all().map(\.unitCode))
        let decisions = Dictionary(try await SafetyRecognitionRecord.query(in: scope, on: db).filter(\.$year == year).all()
            .map { ($0.unitCode, $0) }, uniquingKeysWith: { a, _ in a })
        var incidentItems: [OrgUnitKind: [RecognitionChecklist.Item]] = [:]
        var severities: Set<CrimeSeverity> = []
        for kind in Set(units.map(\.kind)) {
            let list = try checklist(kind)
            incidentItems[kind] = list?.items.filter { $0.incident == true } ?? []
            severities.formUnion(list?.recordSeverities ?? [])
        }
        let cases = try await listedCases(in: scope, year: year, severities: severities)
        return units.filter { $0.kind.isLocality }.map { commune in
            let members = units.filter { $0.kind.isGrassroots && $0.path.hasPrefix(commune.path) }
            let incidents = members.flatMap { m in
                decisions[m.code].map { d in (incidentItems[m.kind] ?? []).filter { !d.metCodes.contains($0.code) }.map { "\($0.code) tại \(m.name)" } } ?? []
            }
            // A listed case anywhere in the commune disqualifies it, whatever its areas' checklists say.
            let onRecord = cases.filter { $0.unitPath.hasPrefix(commune.path) }
            let recorded = onRecord.map { "vụ án \(SafetyRecognition.severityName($0.severity)) \($0.code) (Điều \($0.article), phát hiện \(CalendarDate(iso: $0.discoveredOn)?.vietnamese ?? $0.discoveredOn))" }
            let recognised = Set(members.filter { decisions[$0.code]?.recognised == true }.map(\.code))
            let verdict = SafetyRecognition.commune(.init(
                members: members.count, registered: members.filter { registered.contains($0.code) }.count, recognised: recognised.count,
                incidents: incidents + recorded))
            return CommuneStanding(commune: commune, members: members, recognised: recognised, verdict: verdict, cases: onRecord)
        }
    }
}
