import Fluent
import SafeguardCore
import SQLKit
import Vapor

/// Báo cáo tổng hợp của thành phố: for a reporting period, the plan's targets computed from the
/// records (KPI engine), and per form the units' approved reports rolled up (`Consolidation`) with
/// the records' figure beside the reported one, how many units reported, and a per-unit annex.
/// The page, the Word document (Decree 30) and the Excel data all read this.
struct CityReport {
    let db: any Database

    struct Section {
        var form: ReportForm
        /// The form's periods inside the report's period (three months in a quarter).
        var periods: [ReportingPeriod]
        var lines: [Consolidation.Line]
        var rate: Completeness.Rate
        /// Approved reports, of expected ones (unit × form period).
        var approved: Int
        var annexHeader: [String]
        var annex: [[String]]
    }

    struct Content {
        var province: OrgUnit
        var period: ReportingPeriod
        var kpis: [KPIService.Row]
        var sections: [Section]
    }

    func build(province: OrgUnit, period: ReportingPeriod, today: CalendarDate) async throws -> Content {
        let targets = try await PlanRepository(db: db).currentTargets()?.targets ?? []
        let kpis = try await KPIService(db: db).evaluate(unit: province, period: period, targets: targets, today: today)
        let forms = try await ReportFormCatalog(db: db).current()
        let queries = RecordQueries(db)
        async let casesByUnit = queries.casesByCommune(.province(province.code), months: period.months)
        async let reportsByUnit = queries.reportsByCommune(.province(province.code), months: period.months)
        let (cases, reports) = (try await casesByUnit, try await reportsByUnit)
        let supported = try await PeopleQueries(db: db).supportByUnit(.province(province.provinceCode), months: period.months)
        var sections: [Section] = []
        for form in forms {
            let periods = form.periodType.periods(in: period.year).filter { period.months.contains($0.months.lowerBound) && period.months.contains($0.months.upperBound) }
            let matrix = try await CompletenessMatrix.load(form, in: Scope(province), periods: periods, today: today, on: db)
            let entries = try await approvedEntries(form, province: province, periods: periods)
            // The records' figure for the units that gave one, so the two are comparable.
            var computed: [String: Double] = [:]
            var computedPerUnit: [String: [String: Double]] = [:]
            for cell in form.cells {
                guard let measure = cell.element.records else { continue }
                let reporting = Set(entries.filter { $0.values.number(cell.key) != nil }.map(\.unit))
                for unit in reporting {
                    let value = measure.value(cases: cases[unit] ?? CaseHistogram([]), reports: reports[unit] ?? ReportHistogram([]),
                                              supported: supported[unit] ?? SupportHistogram([]), months: period.months)
                    computedPerUnit[unit, default: [:]][cell.key] = value
                    computed[cell.key, default: 0] += value
                }
            }
            // The annex: each unit's sums of the form's main counts (required or checked against records).
            let columns = form.cells.filter { [.count, .number].contains($0.element.type) && ($0.element.required || $0.element.records != nil) }.prefix(6)
            let names = Dictionary(matrix.units.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
            let byUnit = Dictionary(grouping: entries, by: \.unit)
            // Each unit's figure is consolidated as the totals are (a stock is its latest month, not a sum).
            let annex = byUnit.keys.sorted().map { unit -> [String] in
                let lines = Consolidation.lines(form, byUnit[unit] ?? [])
                return [names[unit] ?? unit] + columns.map { cell in
                    guard let total = lines.first(where: { $0.key == cell.key })?.total else { return "" }
                    let reported = Formatting.number(total, .vi)
                    guard let records = computedPerUnit[unit]?[cell.key], records != total else { return reported }
                    return "\(reported) (hồ sơ: \(Formatting.number(records, .vi)))"
                }
            }
            sections.append(Section(form: form, periods: periods, lines: Consolidation.lines(form, entries, computed: computed),
                                    rate: matrix.rate(), approved: Set(entries.map { "\($0.unit)|\($0.period)" }).count,
                                    annexHeader: ["Đơn vị"] + columns.map { $0.element.name }, annex: annex))
        }
        return Content(province: province, period: period, kpis: kpis, sections: sections)
    }

    /// The approved reports' values, read as rows of text rather than models (a quarter of a city is
    /// twenty thousand values).
    private func approvedEntries(_ form: ReportForm, province: OrgUnit, periods: [ReportingPeriod]) async throws -> [Consolidation.Entry] {
        guard !periods.isEmpty else { return [] }
        struct Row: Decodable { var unit_code: String; var period: String; var key: String; var value: String }
        let rows = try await (db as! any SQLDatabase).raw("""
            SELECT s.unit_code, s.period, v.key, v.value FROM report_submissions s JOIN report_values v ON v.submission_id = s.id
            WHERE s.form_code = \(bind: form.code) AND \(Scope(province).condition(table: "s")) AND s.state = 'approved'
              AND s.period IN (\(binds: periods.map(\.description)))
            """).all(decoding: Row.self)
        var values: [String: [String: String]] = [:]
        for row in rows { values["\(row.unit_code)|\(row.period)", default: [:]][row.key] = row.value }
        return values.compactMap { key, cells in
            let parts = key.split(separator: "|").map(String.init)
            return ReportingPeriod(parts[1]).map { Consolidation.Entry(unit: parts[0], period: $0, values: ReportValues(cells)) }
        }.sorted { ($0.unit, $0.period.description) < ($1.unit, $1.period.description) }
    }
}

extension CityReport.Content {
    /// A line's figure as the report writes it.
    static func figure(_ line: Consolidation.Line) -> String {
        switch line.type {
        case .count, .number: line.total.map { Formatting.number($0, .vi) } ?? "—"
        case .percentage: line.total.map { Formatting.number(($0 * 10).rounded() / 10, .vi) + "%" } ?? "—"
        case .yesNo: line.reporting == 0 ? "—" : "\(line.answers.first?.count ?? 0)/\(line.reporting) đơn vị có"
        case .option: line.answers.filter { $0.count > 0 }.map { "\($0.answer): \($0.count)" }.joined(separator: "; ")
        case .text, .date: line.texts.isEmpty ? "—" : "\(line.texts.count) ý kiến"
        }
    }

    /// The Word document, laid out as Decree 30/2020 asks; always in Vietnamese.
    func document(label: String, localizer: Localizer, today: CalendarDate) throws -> Data {
        func t(_ key: String) -> String { localizer.string(key, .vi) }
        var body: [DOCXWriter.Block] = [
            .paragraph("I. TÌNH HÌNH GỬI BÁO CÁO", bold: true),
        ]
        for s in sections {
            let share = s.rate.completeness.map { Formatting.percent($0, .vi) } ?? "—"
            body.append(.paragraph("- \(s.form.title): \(s.rate.reported)/\(s.rate.expected) báo cáo đã gửi (\(share)), \(s.rate.onTime) đúng hạn; \(s.approved) báo cáo đã duyệt được tổng hợp."))
        }
        body.append(.paragraph("II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU (tính từ hồ sơ)", bold: true))
        body.append(.table(header: ["Chỉ tiêu", "Kết quả", "Đánh giá"],
                           rows: kpis.map { row in
                               let e = row.evaluation
                               let value = e.value.map { Formatting.number(($0 * 100).rounded() / 100, .vi) + (e.target.unit == .count ? "" : "%") } ?? "—"
                               return ["\(e.target.id). \(e.target.text)", value, t("kpi.status.\(e.status.rawValue)")]
                           }, widths: [5669, 1701, 1701]))
        for (n, s) in sections.enumerated() {
            body.append(.paragraph("III.\(n + 1). SỐ LIỆU TỔNG HỢP: \(s.form.title.uppercased())", bold: true))
            body.append(.table(header: ["Nội dung", "Số liệu báo cáo", "Theo hồ sơ", "Ghi chú"],
                               rows: s.lines.filter { $0.type != .text }.map { line in
                                   [line.label, Self.figure(line), line.computed.map { Formatting.number($0, .vi) } ?? "",
                                    line.mismatch ? "Lệch với hồ sơ" : ""]
                               }, widths: [4536, 1701, 1417, 1417]))
        }
        for (n, s) in sections.enumerated() where !s.annex.isEmpty {
            body.append(.paragraph("PHỤ LỤC \(n + 1): \(s.form.title) — số liệu theo đơn vị", bold: true, align: "center", indent: false))
            body.append(.table(header: s.annexHeader, rows: s.annex))
        }
        return try DOCXWriter(
            issuingBody: ["BAN CHỈ ĐẠO 799", "CƠ QUAN THƯỜNG TRỰC"],
            number: "Số:        /BC-BCĐ",
            placeAndDate: OfficialDate.line(place: "Hải Phòng", date: today),
            documentType: "BÁO CÁO",
            summary: "Kết quả thực hiện phong trào toàn dân bảo vệ an ninh Tổ quốc và phòng, chống tội phạm — \(province.name), \(label)",
            body: body,
            recipients: ["- Trưởng ban Chỉ đạo 799 thành phố (để b/c);", "- Thành viên Ban Chỉ đạo;", "- Lưu: VT."],
            signerPosition: ["TL. TRƯỞNG BAN", "CƠ QUAN THƯỜNG TRỰC"],
            signerName: "").document()
    }

    /// The data as Excel: the totals, and each form's per-unit annex.
    func workbook() throws -> Data {
        // Counts and numbers as numbers, so the sheet sums and sorts; the rest as the page writes it.
        func reported(_ line: Consolidation.Line) -> XLSXCell {
            line.type == .count || line.type == .number ? .number(line.total) : .text(Self.figure(line))
        }
        var sheets: [(name: String, cells: [[XLSXCell]])] = [("Tổng hợp", [["Biểu mẫu", "Nội dung", "Số liệu báo cáo", "Theo hồ sơ", "Số đơn vị báo cáo", "Lệch với hồ sơ"]]
            + sections.flatMap { s in s.lines.filter { $0.type != .text }.map { line in
                [.text(s.form.code), .text(line.label), reported(line), .number(line.computed), .number(line.reporting), .text(line.mismatch ? "có" : "")]
            } })]
        sheets += sections.map { section in
            ("Phụ lục \(section.form.code)", [section.annexHeader.map(XLSXCell.text)] + section.annex.map { row in
                row.enumerated().map { j, text in j == 0 ? .text(text) : Double(text.replacingOccurrences(of: ",", with: ".")).map(XLSXCell.number) ?? .text(text) }
            })
        }
        return try XLSXWriter.workbook(sheets: sheets)
    }
}
