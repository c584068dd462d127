import Fluent
import SafeguardCore
import Vapor

/// `/api/v1/report-forms`, `/api/v1/periodic-reports/…` and `/api/v1/city-report`: the forms in
/// force, a unit's report for a period (read, save or send, review), who has reported, and the
/// city's consolidation — each write on the page's path (`ReportDesk`).
struct PeriodicReportAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("report-forms", use: forms)
        routes.get("periodic-reports", ":form", "completeness", use: completeness)
        routes.get("periodic-reports", ":form", ":period", use: one)
        routes.put("periodic-reports", ":form", ":period", use: enter)
        routes.post("periodic-reports", ":form", ":period", "review", use: review)
        routes.get("city-report", use: cityReport)
    }

    func forms(req: Request) async throws -> [ReportForm] {
        try await ReportFormCatalog(db: req.db).current()
    }

    struct ReportDTO: Content {
        struct Event: Content {
            var at: Date
            var actor: String
            var action: String
            var reason: String?
        }

        var form: String
        var formVersion: Int
        var unit: String
        var period: String
        var start: String
        var end: String
        var dueOn: String
        /// Nil until the unit saves something.
        var state: SubmissionState?
        var values: [String: String]
        var firstSubmittedOn: String?
        var returnReason: String?
        var history: [Event]
    }

    /// The report as stored now (values and history read back).
    private func dto(_ desk: ReportDesk) async throws -> ReportDTO {
        let report = try await desk.submission()
        var events: [ReportEvent] = []
        if let report { events = try await ReportEvent.query(on: desk.request.db).filter(\.$submission.$id == report.requireID()).sort(\.$at).all() }
        return ReportDTO(form: desk.form.code, formVersion: report?.formVersion ?? desk.form.version, unit: desk.unit.code, period: desk.period.description,
                         start: desk.period.start.description, end: desk.period.end.description, dueOn: desk.form.deadline(for: desk.period).description,
                         state: report?.state, values: report?.reportValues.values ?? [:], firstSubmittedOn: report?.firstSubmittedOn,
                         returnReason: report?.returnReason, history: events.map { .init(at: $0.at, actor: $0.actor, action: $0.action, reason: $0.reason) })
    }

    /// The refusal as the API gives it: each cell's problem under `values.<cell>`, rules and states as messages.
    private func refusal(_ refusal: ReportDesk.Refusal) -> FieldRefusal {
        FieldRefusal(refusal.cells.sorted { $0.key < $1.key }.map { FieldRefusal.Problem(field: "values.\($0.key)", code: "invalid", message: $0.value) }
            + refusal.messages.filter { !refusal.cells.values.contains($0) }.map { FieldRefusal.Problem(field: "", code: "refused", message: $0) })
    }

    /// `?unit=` for those who read across units, else the caller's own.
    func one(req: Request) async throws -> ReportDTO {
        let desk = try await ReportDesk.at(req)
        return try await dto(desk)
    }

    /// Saves the values (the unit's own officer, once the period is over); `submit: true` also sends it up.
    func enter(req: Request) async throws -> ReportDTO {
        struct Input: Content { var values: [String: String]; var submit: Bool? }
        let desk = try await ReportDesk.at(req)
        let input = try req.content.decode(Input.self)
        do {
            _ = try await desk.enter(input.values, submit: input.submit ?? false)
            return try await dto(desk)
        } catch let refused as ReportDesk.Refusal { throw refusal(refused) }
    }

    /// `action`: approve, return (with a reason) or reopen (with a reason) — the standing office.
    func review(req: Request) async throws -> ReportDTO {
        struct Input: Content { var action: String; var reason: String? }
        let desk = try await ReportDesk.at(req)
        let input = try req.content.decode(Input.self)
        guard let action = SubmissionState.Action(rawValue: input.action), action != .submit else {
            throw InvalidParameter("action", .unknownValue(input.action), on: req)
        }
        do {
            _ = try await desk.review(action, reason: input.reason)
            return try await dto(desk)
        } catch let refused as ReportDesk.Refusal { throw refusal(refused) }
    }

    struct CompletenessDTO: Content {
        struct UnitRow: Content {
            var unit: String
            var name: String
            /// One per period: on-time, late, missing, open, not-expected.
            var statuses: [Completeness.Status]
            var completeness: Double?
            var timeliness: Double?
        }

        var form: String
        var year: Int
        var periods: [String]
        var units: [UnitRow]
        var completeness: Double?
        var timeliness: Double?
    }

    /// The units of `?unit=` (else the caller's scope) × the form's periods of `?year=`.
    func completeness(req: Request) async throws -> CompletenessDTO {
        guard let code = req.parameters.get("form"), let form = try await ReportFormCatalog(db: req.db).form(code) else {
            throw Abort(.notFound, reason: req.t("error.not-found"))
        }
        let scope = try await req.listScope()
        let year = try req.year()
        let periods = form.periodType.periods(in: year)
        let matrix = try await CompletenessMatrix.load(form, in: Scope(scope), periods: periods, today: req.today, on: req.db)
        let total = matrix.rate()
        return CompletenessDTO(form: form.code, year: year, periods: periods.map(\.description), units: matrix.units.enumerated().map { u, unit in
            let rate = matrix.rate(unit: u)
            return .init(unit: unit.code, name: unit.name, statuses: matrix.statuses[u], completeness: rate.completeness, timeliness: rate.timeliness)
        }, completeness: total.completeness, timeliness: total.timeliness)
    }

    struct CityReportDTO: Content {
        struct Line: Content {
            var key: String
            var label: String
            var aggregation: DataElement.Aggregation
            var total: Double?
            var answers: [String: Int]
            var reporting: Int
            var records: Double?
            var mismatch: Bool
        }

        struct Section: Content {
            var form: String
            var title: String
            var periods: [String]
            var approved: Int
            var completeness: Double?
            var timeliness: Double?
            var lines: [Line]
        }

        var province: String
        var period: String
        var targets: [KPIReport.TargetDTO]
        var sections: [Section]
    }

    /// `?period=` (default: the last closed quarter), for those who read the whole province.
    func cityReport(req: Request) async throws -> CityReportDTO {
        let scope = try await req.defaultScope()
        guard scope.kind == .province else { throw Abort(.forbidden, reason: req.t("error.forbidden")) }
        let period = try CityReportController.period(req)
        let content = try await CityReport(db: req.db).build(province: scope, period: period, today: req.today)
        return CityReportDTO(province: scope.code, period: period.description, targets: content.kpis.map(KPIReport.TargetDTO.init),
                             sections: content.sections.map { s in
            .init(form: s.form.code, title: s.form.title, periods: s.periods.map(\.description), approved: s.approved,
                  completeness: s.rate.completeness, timeliness: s.rate.timeliness, lines: s.lines.map { l in
                .init(key: l.key, label: l.label, aggregation: l.aggregation, total: l.total,
                      answers: Dictionary(l.answers.map { ($0.answer, $0.count) }, uniquingKeysWith: +), reporting: l.reporting,
                      records: l.computed, mismatch: l.mismatch)
            })
        })
    }
}

extension ReportForm: Content {}
