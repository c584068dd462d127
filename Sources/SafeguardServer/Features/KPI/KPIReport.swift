import Fluent
import SafeguardCore
import Vapor

/// Every target of the current plan for one unit and period: what `GET /api/v1/kpis` returns
/// and `safeguard kpi --json` prints.
struct KPIReport: Content {
    struct UnitDTO: Content {
        var code: String
        var name: String
    }

    struct TargetDTO: Content {
        var id: String
        var text: String
        var metric: TargetMetric
        var comparison: Comparison
        var threshold: Double
        var unit: ThresholdUnit
        var baselineYear: Int?
        var severities: [CrimeSeverity]
        /// records | none ("chưa có nguồn số liệu")
        var source: String
        var value: Double?
        var numerator: Int?
        var denominator: Int?
        var status: TargetStatus
        var projection: Double?
        /// The last 12 statistical months up to the period's end.
        var series: [Double?]
        /// The last day counted, and whether the period is the current month, not yet over.
        var measuredThrough: String?
        var unfinished: Bool
        var definition: PlanAPIController.DefinitionDTO?

        init(_ row: KPIService.Row) {
            let e = row.evaluation, t = e.target
            (id, text, metric, comparison, threshold, unit) = (t.id, t.text, t.metric, t.comparison, t.threshold, t.unit)
            (baselineYear, severities, source) = (e.comparedYear, t.severities, KPIDefinition.hasRecords(t.metric) ? "records" : "movement")
            (value, numerator, denominator, status) = (e.value, e.measurement?.numerator, e.measurement?.denominator, e.status)
            (projection, series, measuredThrough, unfinished) = (e.projection, row.series, e.measuredThrough?.description, e.isUnfinished)
            definition = t.definition.map(PlanAPIController.DefinitionDTO.init)
        }
    }

    var unit: UnitDTO
    var period: String
    var start: String
    var end: String
    var plan: String
    var version: Int
    var targets: [TargetDTO]

    enum Failure: Error {
        case unknownUnit(String)
        case malformedPeriod(String)
        case noPlan

        var localizationKey: String {
            switch self {
            case .unknownUnit: "error.unit-not-found"
            case .malformedPeriod: "error.malformed-period"
            case .noPlan: "error.no-plan"
            }
        }

        var status: HTTPResponseStatus {
            switch self {
            case .unknownUnit, .noPlan: .notFound
            case .malformedPeriod: .badRequest
            }
        }
    }

    static func build(on db: any Database, unitCode: String, periodText: String, today: CalendarDate) async throws -> KPIReport {
        guard let period = ReportingPeriod(periodText) else { throw Failure.malformedPeriod(periodText) }
        guard let unit = try await OrgUnit.find(code: unitCode, on: db) else { throw Failure.unknownUnit(unitCode) }
        guard let plan = try await PlanRepository(db: db).currentTargets() else { throw Failure.noPlan }
        let rows = try await KPIService(db: db).evaluate(unit: unit, period: period, targets: plan.targets, today: today)
        return KPIReport(
            unit: UnitDTO(code: unit.code, name: unit.name), period: period.description,
            start: period.start.description, end: period.end.description, plan: plan.plan.key, version: plan.version.version,
            targets: rows.map(TargetDTO.init))
    }

    /// The statistical year containing `today`, the default period.
    static func currentYear(today: CalendarDate) -> String { String(KPIService.currentMonth(today: today).year) }
}

/// `GET /api/v1/kpis?unit=CODE&period=2026-Q1`.
struct KPIAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("kpis") { req async throws -> KPIReport in
            guard let unit = try await PlanRepository(db: req.db).unitCode(try req.queryText("unit")) else {
                throw Abort(.notFound, reason: req.t("error.unit-not-found"))
            }
            let period = (try req.queryText("period")) ?? KPIReport.currentYear(today: req.today)
            guard let target = try await OrgUnit.find(code: unit, on: req.db) else {
                throw Abort(.notFound, reason: req.t("error.unit-not-found"))
            }
            try req.authorize(.readUnitRecords(unit: target.code), on: target)
            do {
                return try await KPIReport.build(on: req.db, unitCode: unit, periodText: period, today: req.today)
            } catch let failure as KPIReport.Failure {
                throw Abort(failure.status, reason: req.t(failure.localizationKey))
            }
        }
    }
}
