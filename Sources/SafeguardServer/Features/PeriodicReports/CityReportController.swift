import Fluent
import SafeguardCore
import Vapor

/// `/reports/city?period=2026-Q1`: the city's consolidated report (`CityReport`) on a page, as Word
/// (Decree 30) and as Excel. For the standing office and leaders.
struct CityReportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("reports", "city", use: show)
        routes.get("reports", "city.docx", use: docx)
        routes.get("reports", "city.xlsx", use: xlsx)
    }

    /// The report for `?period=` (default: the last closed quarter), for those who read the whole province.
    private func content(_ req: Request) async throws -> (CityReport.Content, String) {
        let scope = try await req.defaultScope()
        guard scope.kind == .province else { throw Abort(.forbidden, reason: req.t("error.forbidden")) }
        let period = try Self.period(req)
        return (try await CityReport(db: req.db).build(province: scope, period: period, today: req.today), DashboardPage.label(of: period, req))
    }

    static func period(_ req: Request) throws -> ReportingPeriod {
        if let text = try req.queryText("period") {
            guard let period = ReportingPeriod(text) else { throw Abort(.badRequest, reason: req.t("error.bad-request")) }
            return period
        }
        let today = req.today
        return PeriodType.quarter.closed(by: today, since: today.year - 1).last ?? ReportingPeriod(year: today.year, kind: .quarter(1))
    }

    func show(req: Request) async throws -> View {
        let (content, label) = try await content(req)
        let year = content.period.year
        let choices = [PeriodType.quarter, .half, .nineMonths, .year].flatMap { $0.periods(in: year) } + PeriodType.month.periods(in: year)
        return try await req.page("periodic-reports/city-report", Page(
            page: PageContext(req, title: req.t("city_report_title")), period: content.period.description, periodLabel: label,
            periods: choices.map { Choice(value: $0.description, label: DashboardPage.label(of: $0, req), selected: $0 == content.period) },
            kpis: content.kpis.map { row in
                let e = row.evaluation
                let value = e.value.map { Formatting.number(($0 * 100).rounded() / 100, req.language) + (e.target.unit == .count ? "" : "%") } ?? "—"
                return Choice(value: "\(e.target.id). \(e.target.text)", label: "\(value) · \(req.t("kpi.status.\(e.status.rawValue)"))")
            },
            sections: content.sections.map { s in
                .init(title: s.form.title,
                      summary: req.t("city_report_reported").replacingOccurrences(of: "{reported}", with: String(s.rate.reported))
                        .replacingOccurrences(of: "{expected}", with: String(s.rate.expected)).replacingOccurrences(of: "{approved}", with: String(s.approved)),
                      lines: s.lines.filter { $0.type != .text }.map { line in
                          .init(label: line.label + (line.aggregation == .flow || !(line.type == .count || line.type == .number) ? "" : " (\(req.t(line.aggregation.localizationKey)))"), figure: CityReport.Content.figure(line), computed: line.computed.map { Formatting.number($0, req.language) } ?? "",
                                reporting: line.reporting, mismatch: line.mismatch)
                      })
            }))
    }

    func docx(req: Request) async throws -> Response {
        let (content, _) = try await content(req)
        let label = Self.documentLabel(content.period)
        let data = try content.document(label: label, localizer: req.application.localizer, today: req.today)
        try await req.audit("export", "city-report", key: content.period.description, detail: "docx", on: req.db)
        return Response.attachment(data, type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", name: "bao-cao-\(content.period).docx")
    }

    func xlsx(req: Request) async throws -> Response {
        let (content, _) = try await content(req)
        try await req.audit("export", "city-report", key: content.period.description, detail: "xlsx", on: req.db)
        return Response.attachment(try content.workbook(), type: EvidenceKind.xlsx.contentType, name: "so-lieu-\(content.period).xlsx")
    }

    /// "quý I năm 2026", "tháng 3 năm 2026" — as an official title writes the period.
    static func documentLabel(_ period: ReportingPeriod) -> String {
        let roman = ["I", "II", "III", "IV"]
        return switch period.kind {
        case .month(let m): "tháng \(m) năm \(period.year)"
        case .quarter(let q): "quý \(roman[q - 1]) năm \(period.year)"
        case .half(let h): "\(h == 1 ? "6 tháng đầu" : "6 tháng cuối") năm \(period.year)"
        case .nineMonths: "9 tháng năm \(period.year)"
        case .year: "năm \(period.year)"
        }
    }
}
