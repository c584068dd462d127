import Fluent
import SafeguardCore
import Vapor

/// Bảng điều hành chỉ tiêu: the leader's first page, with drill-down to units and to records.
struct DashboardController: RouteCollection {
    /// Records listed under a figure; the count above the table says when more exist.
    static let recordLimit = 500

    func boot(routes: any RoutesBuilder) throws {
        routes.get("dashboard", use: dashboard)
        routes.get("dashboard", "targets", ":target", use: targetUnits)
        routes.get("dashboard", "targets", ":target", "units", ":code", use: targetRecords)
    }

    /// The unit to show: `?unit=`, else the user's record scope (an officer's own unit, else the city).
    private func context(_ req: Request) async throws -> (OrgUnit, ReportingPeriod, [Target]) {
        let unit: OrgUnit
        if let requested = try req.queryText("unit") {
            guard let found = try await OrgUnit.find(code: requested, on: req.db) else { throw Abort(.notFound, reason: req.t("error.unit-not-found")) }
            try req.authorize(.readUnitRecords(unit: found.code), on: found)
            unit = found
        } else {
            unit = try await req.defaultScope()
        }
        let periodText = (try req.queryText("period")) ?? KPIReport.currentYear(today: req.today)
        guard let period = ReportingPeriod(periodText) else { throw Abort(.badRequest, reason: req.t("error.malformed-period")) }
        guard let current = try await PlanRepository(db: req.db).currentTargets() else {
            throw Abort(.notFound, reason: req.t("error.no-plan"))
        }
        return (unit, period, current.targets)
    }

    func dashboard(req: Request) async throws -> View {
        let (unit, period, targets) = try await context(req)
        let rows = try await KPIService(db: req.db).evaluate(unit: unit, period: period, targets: targets, today: req.today)
        let changes = Scope(unit).filter(CaseReclassification.query(on: req.db), path: \.$unitPath)
            .filter(\.$month >= period.months.lowerBound.code).filter(\.$month <= period.months.upperBound.code)
        let reclassified = try await changes.count()
        let downgraded = try await changes.filter(\.$isDowngrade == true).count()
        let page = DashboardPage(
            page: PageContext(req, title: req.t("dashboard_title")), unitCode: unit.code, unitName: unit.name,
            period: period.description, periodLabel: DashboardPage.label(of: period, req),
            periods: DashboardPage.periodOptions(selected: period, current: KPIService.currentMonth(today: req.today), req),
            targets: rows.map { DashboardPage.row($0, period: period, drillDown: true, unitCode: unit.code, req) },
            reclassifications: reclassified, downgrades: downgraded,
            people: PeopleController.facts(try await PeopleRegister(req: req).figures(in: unit, asOf: req.today), req),
            readsPeople: try req.allows(.readPeople(unit: unit.code), on: unit))
        return try await req.page("kpi/dashboard", page)
    }

    func targetUnits(req: Request) async throws -> Response {
        let (unit, period, targets) = try await context(req)
        let target = try self.target(req, targets)
        // Below the province level the figure's records are listed directly.
        guard unit.kind == .province else {
            return req.redirect(to: "/dashboard/targets/\(target.id)/units/\(unit.code)?period=\(period)")
        }
        let service = KPIService(db: req.db)
        let rows = try await service.byCommune(province: unit, period: period, targets: [target], today: req.today)[target.id] ?? []
        let headline = try await service.evaluate(unit: unit, period: period, targets: [target], today: req.today)[0]
        let page = TargetUnitsPage(
            page: PageContext(req, title: "\(target.id) — \(req.t(target.metric.localizationKey))"),
            target: DashboardPage.row(headline, period: period, drillDown: false, unitCode: unit.code, req),
            periodLabel: DashboardPage.label(of: period, req),
            units: rows.map { commune, e in
                let suffix = target.unit == .count ? "" : "%"
                return TargetUnitsPage.UnitRow(
                    code: commune.code, name: commune.name,
                    value: e.value.map { Formatting.number(($0 * 100).rounded() / 100, req.language) + suffix } ?? "—",
                    fraction: e.measurement.map { "\($0.numerator)/\($0.denominator)" } ?? "",
                    status: e.status.rawValue, statusLabel: req.t(e.status.localizationKey),
                    link: "/dashboard/targets/\(target.id)/units/\(commune.code)?period=\(period)")
            },
            backLink: "/dashboard?unit=\(unit.code)&period=\(period)")
        return try await req.page("kpi/dashboard-units", page).encodeResponse(for: req)
    }

    func targetRecords(req: Request) async throws -> View {
        let (_, period, targets) = try await context(req)
        let target = try self.target(req, targets)
        guard let unit = try await OrgUnit.find(code: try req.parameters.require("code"), on: req.db) else {
            throw Abort(.notFound, reason: req.t("error.unit-not-found"))
        }
        try req.authorize(.readUnitRecords(unit: unit.code), on: unit)
        let headline = try await KPIService(db: req.db).evaluate(unit: unit, period: period, targets: [target], today: req.today)[0]
        // The records behind the figure: the same months it covers (an open period stops at its last complete month).
        let months = period.months.lowerBound.code...(headline.evaluation.through ?? period.months.upperBound).code
        var cases: [TargetRecordsPage.CaseRow] = []
        var reports: [TargetRecordsPage.ReportRow] = []
        var total = 0
        let reference = req.application.referenceData
        switch target.metric {
        case .ttxhCases, .clearanceRate:
            var query = CriminalCase.query(in: unit, on: req.db)
                .filter(\.$discoveredMonth >= months.lowerBound).filter(\.$discoveredMonth <= months.upperBound)
            if target.metric == .ttxhCases { query = query.filter(\.$category == KPIDefinition.socialOrderCategory) }
            if !target.severities.isEmpty { query = query.filter(\.$severity ~~ target.severities) }
            total = try await query.count()
            cases = try await query.sort(\.$discoveredOn).with(\.$unit).limit(Self.recordLimit).all().map { c in
                TargetRecordsPage.CaseRow(
                    code: c.code, article: "\(c.article).\(c.clause) — \(reference.penalCode.articles[c.article]?.title ?? "")",
                    severity: req.t(c.severity.localizationKey), category: reference.categoryName(c.category), unit: c.unit.name,
                    discoveredOn: Formatting.date(iso: c.discoveredOn, req.language), solvedOn: Formatting.date(iso: c.solvedOn, req.language))
            }
        case .crimeReportIntakeRate, .crimeReportResolutionRate:
            var query = CrimeReport.query(in: unit, on: req.db).filter(\.$receivedMonth <= months.upperBound)
            // Intake counts the reports received in the period; resolution those pending at its start
            // and those with a counted step in it (registered, resumed, resolved, transferred while pending).
            query = target.metric == .crimeReportIntakeRate
                ? query.filter(\.$receivedMonth >= months.lowerBound)
                : query.filter(.sql(embed: """
                    id IN (SELECT report_id FROM \(ident: HandlingStepStore.schema)
                    WHERE \(Scope(unit).recordCondition) AND step_month <= \(bind: months.upperBound)
                    GROUP BY report_id
                    HAVING SUM(CASE WHEN step_month < \(bind: months.lowerBound) THEN pending_change ELSE 0 END) > 0
                      OR SUM(CASE WHEN step_month >= \(bind: months.lowerBound) AND pending_change <> 0 THEN 1 ELSE 0 END) > 0)
                    """))
            total = try await query.count()
            reports = try await query.sort(\.$receivedOn).limit(Self.recordLimit).all().map { r in
                TargetRecordsPage.ReportRow(
                    code: r.code, kind: req.t(r.kind.localizationKey), receivedOn: Formatting.date(iso: r.receivedOn, req.language),
                    state: req.t(r.state.localizationKey),
                    resolvedOn: Formatting.date(iso: r.decidedOn ?? (r.state == .suspended ? r.suspendedOn : nil), req.language),
                    deadlineOn: Formatting.date(iso: r.deadlineOn, req.language))
            }
        default:
            break
        }
        let page = TargetRecordsPage(
            page: PageContext(req, title: "\(target.id) — \(unit.name)"),
            target: DashboardPage.row(headline, period: period, drillDown: false, unitCode: unit.code, req),
            unitName: unit.name, periodLabel: DashboardPage.label(of: period, req), cases: cases, reports: reports,
            total: total, shown: cases.count + reports.count,
            backLink: "/dashboard/targets/\(target.id)?period=\(period)")
        return try await req.page("kpi/dashboard-records", page)
    }

    private func target(_ req: Request, _ targets: [Target]) throws -> Target {
        let id = try req.parameters.require("target")
        guard let target = targets.first(where: { $0.id == id }) else { throw Abort(.notFound, reason: req.t("error.no-target")) }
        return target
    }
}
