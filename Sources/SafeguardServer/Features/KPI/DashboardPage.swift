import SafeguardCore
import Vapor

/// Bảng điều hành: every target for a unit and period — value against threshold, a traffic
/// light, the last 12 months, the year-end projection — each a link to the units behind it.
struct DashboardPage: Encodable {
    struct PeriodOption: Encodable {
        var value: String
        var label: String
        var selected: Bool
    }

    struct TargetRow: Encodable {
        var id: String
        var text: String
        var metric: String
        var requirement: String
        var value: String
        var fraction: String
        var status: String
        var statusLabel: String
        var projection: String
        /// "số liệu đến hết tháng 11/2026" when an open period is measured to its last complete month.
        var through: String?
        var sparkline: String
        var drillDown: String?
        /// What the figure counts (`RateDefinition`), shown under it; for the other metrics, a sentence.
        var numerator: String?
        var denominator: String?
        var definitionText: String
        var definitionSource: String?
    }

    /// "quyết định khởi tố… + tạm đình chỉ trong kỳ", a definition's terms in the user's language.
    static func terms(_ parts: [RateDefinition.Part], _ request: Request) -> String {
        parts.enumerated().map { i, part in
            (i == 0 ? (part.sign < 0 ? "− " : "") : (part.sign < 0 ? " − " : " + ")) + request.t(part.term.localizationKey)
        }.joined()
    }

    var page: PageContext
    var unitCode: String
    var unitName: String
    var period: String
    var periodLabel: String
    var periods: [PeriodOption]
    var targets: [TargetRow]
    /// Reclassifications of cases in the unit and period, and how many were downgrades.
    var reclassifications: Int
    var downgrades: Int
    /// The people registers' figures as they stand today (`PeopleFigures`; they name nobody).
    var people: [PeopleController.Fact]
    var readsPeople: Bool

    static func periodOptions(selected: ReportingPeriod, current: StatisticalMonth, _ request: Request) -> [PeriodOption] {
        let year = current.year
        var options: [ReportingPeriod] = [ReportingPeriod(year: year, kind: .year), ReportingPeriod(year: year, kind: .nineMonths)]
        options += (1...2).map { ReportingPeriod(year: year, kind: .half($0)) }
        options += (1...4).map { ReportingPeriod(year: year, kind: .quarter($0)) }
        options += (1...12).map { ReportingPeriod(year: year, kind: .month($0)) }
        options += [ReportingPeriod(year: year - 1, kind: .year), ReportingPeriod(year: year - 2, kind: .year)]
        if !options.contains(selected) { options.insert(selected, at: 0) }
        return options.map { PeriodOption(value: $0.description, label: label(of: $0, request), selected: $0 == selected) }
    }

    /// "Quý 1/2026 (15/12/2025 – 14/03/2026)".
    static func label(of period: ReportingPeriod, _ request: Request) -> String {
        let name: String = switch period.kind {
        case .year: "\(request.t("period_year")) \(period.year)"
        case .nineMonths: "\(request.t("period_nine_months")) \(period.year)"
        case .half(let h): "\(request.t("period_half")) \(h)/\(period.year)"
        case .quarter(let q): "\(request.t("period_quarter")) \(q)/\(period.year)"
        case .month(let m): "\(request.t("period_month")) \(m)/\(period.year)"
        }
        return "\(name) (\(Formatting.date(period.start, request.language)) – \(Formatting.date(period.end, request.language)))"
    }

    static func row(_ row: KPIService.Row, period: ReportingPeriod, drillDown: Bool, unitCode: String, _ request: Request) -> TargetRow {
        let e = row.evaluation, t = e.target
        let language = request.language
        let suffix = t.unit == .count ? "" : "%"
        let value = e.value.map { Formatting.number(($0 * 100).rounded() / 100, language) + suffix } ?? "—"
        let fraction = e.measurement.map { m in
            t.metric == .unitsRatedWeak ? "\(m.denominator) \(request.t("kpi_units_rated"))" : t.unit == .count ? "" : "\(m.numerator)/\(m.denominator)"
        } ?? request.t("kpi_no_source")
        let projection = e.projection.map { Formatting.number(($0 * 100).rounded() / 100, language) + suffix } ?? ""
        let seriesText = row.series.map { $0.map { Formatting.number(($0 * 10).rounded() / 10, language) } ?? "—" }.joined(separator: "; ")
        let sparkline = KPIDefinition.hasRecords(t.metric)
            // Monthly clearance is comparable with its target; a month's report resolution (with the
            // backlog) or intake is not, so those lines carry no threshold.
            ? Sparkline(values: row.series, threshold: t.metric == .clearanceRate ? t.threshold : nil,
                        title: "\(t.id): \(request.t("kpi_last_12_months"))", description: seriesText).svg
            : ""
        var components = URLComponents()
        components.path = "/dashboard/targets/\(t.id)"
        components.queryItems = [URLQueryItem(name: "period", value: period.description), URLQueryItem(name: "unit", value: unitCode)]
        return TargetRow(
            id: t.id, text: t.text, metric: request.t(t.metric.localizationKey), requirement: Formatting.requirement(of: t, request),
            value: value, fraction: fraction, status: e.status.rawValue, statusLabel: request.t(e.status.localizationKey),
            projection: projection,
            // Every record figure says the last day it counts; the movement's are the year's as they stand today.
            through: KPIDefinition.hasRecords(t.metric) ? e.measuredThrough.map { day in
                "\(request.t("kpi_through_day")) \(Formatting.date(day, language))" + (e.isUnfinished ? " (\(request.t("kpi_unfinished")))" : "")
                    + (e.comparedYear.map { ", \(request.t("kpi_compared_with")) \($0)" } ?? "")
            } : nil,
            sparkline: sparkline,
            drillDown: drillDown ? (KPIDefinition.hasRecords(t.metric) ? components.string : movementPage(t.metric, year: period.year)) : nil,
            numerator: t.definition.map { terms($0.numerator, request) }, denominator: t.definition.map { terms($0.denominator, request) },
            definitionText: request.t("definition.\(t.metric.rawValue)"), definitionSource: t.definition?.source)
    }

    /// Where a movement target's figures come from, to see who is counted and who is missing.
    static func movementPage(_ metric: TargetMetric, year: Int) -> String? {
        switch metric {
        case .drugMovementLaunchedShare, .cyberspaceMovementShare: "/models"
        case .drugFreeCommunesShare: "/drug-free"
        case .unitsRatedWeak: "/assessments?year=\(year)&show=weak"
        case .communesRegisteredShare: "/registrations?year=\(year)"
        case .ttxhCases, .crimeReportIntakeRate, .crimeReportResolutionRate, .clearanceRate: nil
        }
    }
}

/// Drill-down: one target for every commune, worst first.
struct TargetUnitsPage: Encodable {
    struct UnitRow: Encodable {
        var code: String
        var name: String
        var value: String
        var fraction: String
        var status: String
        var statusLabel: String
        var link: String
    }

    var page: PageContext
    var target: DashboardPage.TargetRow
    var periodLabel: String
    var units: [UnitRow]
    var backLink: String
}

/// The records behind one unit's figure for a target.
struct TargetRecordsPage: Encodable {
    struct CaseRow: Encodable {
        var code: String
        var article: String
        var severity: String
        var category: String
        var unit: String
        var discoveredOn: String
        var solvedOn: String
    }

    struct ReportRow: Encodable {
        var code: String
        var kind: String
        var receivedOn: String
        var state: String
        var resolvedOn: String
        var deadlineOn: String
    }

    var page: PageContext
    var target: DashboardPage.TargetRow
    var unitName: String
    var periodLabel: String
    var cases: [CaseRow]
    var reports: [ReportRow]
    var total: Int
    var shown: Int
    var backLink: String
}
