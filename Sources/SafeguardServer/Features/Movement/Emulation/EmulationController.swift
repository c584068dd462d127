import Fluent
import SafeguardCore
import Vapor

/// `/emulation`: the year-end emulation ranking of the city's communes (`EmulationStanding`), the
/// weights set on the page (default 40/30/20/10), each score with its four parts; exported as
/// Excel and as a Word report laid out per Decree 30.
struct EmulationController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("emulation", use: page)
        routes.get("emulation.xlsx", use: xlsx)
        routes.get("emulation.docx", use: docx)
    }

    /// The province, year and weights of a request; only those who read the whole province rank it.
    private func context(_ req: Request) async throws -> (province: OrgUnit, year: Int, weights: EmulationRanking.Weights, entries: [EmulationStanding.Entry]) {
        let province = try await req.defaultScope()
        guard province.kind == .province else { throw Abort(.forbidden, reason: req.t("error.forbidden")) }
        func weight(_ key: String, _ fallback: Double) throws -> Double {
            guard let text = try? req.query.get(String.self, at: key), !text.trimmed.isEmpty else { return fallback }
            guard let value = Double(text.replacingOccurrences(of: ",", with: ".")), value >= 0, value <= 100 else {
                throw Abort(.badRequest, reason: req.t("emulation_bad_weight") + " (\(key) = \(text))")
            }
            return value
        }
        let weights = EmulationRanking.Weights(classification: try weight("wc", 40), targets: try weight("wt", 30), tasks: try weight("wk", 20),
                                               reports: try weight("wr", 10))
        guard weights.classification + weights.targets + weights.tasks + weights.reports > 0 else {
            throw Abort(.badRequest, reason: req.t("emulation_bad_weight"))
        }
        let year = try req.year()
        return (province, year, weights, try await EmulationStanding(db: req.db).rank(province: province, year: year, weights: weights, today: req.today))
    }

    private static func headers(_ req: Request) -> [String] {
        [req.t("emulation_rank"), req.t("emulation_unit"), req.t("emulation_score"), req.t("emulation_part_classification"), req.t("emulation_part_targets"),
         req.t("emulation_part_tasks"), req.t("emulation_part_reports")]
    }

    /// A part as "Khá → 26,7" or "83% → 25,0", "—" without data.
    private static func part(_ p: EmulationRanking.Part, classification: Classification?, _ req: Request) -> String {
        guard let value = p.value else { return "—" }
        let shown = classification.map { req.t($0.localizationKey) } ?? Formatting.percent(value, req.language)
        return "\(shown) → \(Formatting.number(p.points, req.language))"
    }

    private static func cells(_ e: EmulationStanding.Entry, levels: [String: Classification], _ req: Request) -> [String] {
        [String(e.row.rank), e.unit.name, Formatting.number(e.row.score, req.language)]
            + e.row.parts.enumerated().map { part($1, classification: $0 == 0 ? levels[e.unit.code] : nil, req) }
    }

    private func levels(_ req: Request, _ province: OrgUnit, _ year: Int) async throws -> [String: Classification] {
        try await MovementQueries(req.db).assessments(in: province, year: year).compactMapValues { $0.state == .approved ? $0.level : nil }
    }

    func page(req: Request) async throws -> View {
        let (province, year, weights, entries) = try await context(req)
        let levels = try await levels(req, province, year)
        let query = req.url.query.map { "?\($0)" } ?? "?year=\(year)"
        return try await req.page("movement/emulation", Page(
            page: PageContext(req, title: req.t("emulation_title")), year: year,
            weights: [("wc", weights.classification, "emulation_part_classification"), ("wt", weights.targets, "emulation_part_targets"),
                      ("wk", weights.tasks, "emulation_part_tasks"), ("wr", weights.reports, "emulation_part_reports")]
                .map { .init(key: $0.0, label: req.t($0.2), value: Formatting.number($0.1, .en)) },
            headers: Self.headers(req),
            rows: entries.map { e in
                let c = Self.cells(e, levels: levels, req)
                return .init(rank: e.row.rank, unit: e.unit.name, score: c[2], parts: Array(c[3...]))
            },
            query: query))
    }

    func xlsx(req: Request) async throws -> Response {
        let (province, year, _, entries) = try await context(req)
        let levels = try await levels(req, province, year)
        // Rank and score as numbers, so the sheet sorts; the parts as the page writes them.
        let data = try XLSXWriter.workbook(sheetName: "Thi đua \(year)", cells: [Self.headers(req).map(XLSXCell.text)] + entries.map { entry in
            Self.cells(entry, levels: levels, req).enumerated().map { j, text in
                j == 0 ? .number(entry.row.rank) : j == 2 ? .number(entry.row.score) : .text(text)
            }
        })
        try await req.audit("export", "emulation", key: String(year), detail: "xlsx", on: req.db)
        return Response.attachment(data, type: EvidenceKind.xlsx.contentType, name: "thi-dua-\(year).xlsx")
    }

    func docx(req: Request) async throws -> Response {
        let (province, year, weights, entries) = try await context(req)
        let levels = try await levels(req, province, year)
        let total = weights.classification + weights.targets + weights.tasks + weights.reports
        func share(_ w: Double) -> String { Formatting.percent(w / total, .vi) }
        let body: [DOCXWriter.Block] = [
            .paragraph("Căn cứ kết quả đánh giá, phân loại phong trào toàn dân bảo vệ an ninh Tổ quốc năm \(year), kết quả thực hiện chỉ tiêu, nhiệm vụ và chế độ báo cáo, Cơ quan Thường trực tổng hợp kết quả bình xét thi đua các xã, phường, đặc khu như sau:"),
            .paragraph("Trọng số: xếp loại phong trào \(share(weights.classification)); chỉ tiêu đạt \(share(weights.targets)); nhiệm vụ hoàn thành đúng hạn \(share(weights.tasks)); báo cáo đúng hạn \(share(weights.reports)). Mỗi ô ghi giá trị đo được và số điểm tương ứng (thang 100).", italic: true),
            .table(header: ["TT", "Đơn vị", "Điểm", "Xếp loại", "Chỉ tiêu", "Nhiệm vụ", "Báo cáo"],
                   rows: entries.map { Self.cells($0, levels: levels, req) }, widths: [567, 2268, 851, 1418, 1323, 1322, 1322]),
        ]
        let data = try DOCXWriter(
            issuingBody: ["BAN CHỈ ĐẠO 799", "CƠ QUAN THƯỜNG TRỰC"], number: "Số:        /BC-BCĐ",
            placeAndDate: OfficialDate.line(place: province.name.replacingOccurrences(of: "Thành phố ", with: ""), date: req.today),
            documentType: "BÁO CÁO", summary: "Kết quả bình xét thi đua phong trào toàn dân bảo vệ an ninh Tổ quốc năm \(year)", body: body,
            recipients: ["- Trưởng ban Chỉ đạo 799 thành phố (để b/c);", "- Hội đồng Thi đua - Khen thưởng;", "- Lưu: VT."],
            signerPosition: ["TL. TRƯỞNG BAN", "CƠ QUAN THƯỜNG TRỰC"], signerName: "").document()
        try await req.audit("export", "emulation", key: String(year), detail: "docx", on: req.db)
        return Response.attachment(data, type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", name: "thi-dua-\(year).docx")
    }
}
