import Fluent
import SafeguardCore
import Vapor

/// The task board of the user's scope as files: CSV and Excel (every assignment with its status)
/// and the status report as Word, laid out as Decree 30/2020 asks, for the standing office to sign.
struct TaskExportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("tasks", "export.csv", use: csv)
        routes.get("tasks", "export.xlsx", use: xlsx)
        routes.get("tasks", "report.docx", use: docx)
    }

    /// Every assignment of the scope in the board's order (late first, then by deadline), read by
    /// the board's queries, with its status and unit name.
    private func rows(_ req: Request) async throws -> (scope: OrgUnit, rows: [(AssignmentBoard.Row, TaskStatus, String)]) {
        let scope = try await req.defaultScope()
        let today = req.today
        let board = AssignmentBoard(db: req.db, scope: scope)
        let counts = try await board.counts(today: today, days: req.application.settings.dueSoonDays)
        let rows = try await board.rows(status: nil, counts: counts.counts, today: today, limit: max(1, counts.total), offset: 0)
        let names = try await OrgUnit.names(of: Set(rows.map(\.unit_code)), on: req.db)
        return (scope, rows.map { r in
            (r, TaskStatus.classify(due: CalendarDate(iso: r.due_on), completedOn: r.completed_on.flatMap(CalendarDate.init(iso:)), today: today),
             names[r.unit_code] ?? r.unit_code)
        })
    }

    private func table(_ req: Request) async throws -> [[XLSXCell]] {
        let header = ["case_unit", "task_title", "task_responsible", "task_due", "task_status", "task_completed_on", "task_percent"].map { XLSXCell.text(req.t($0)) }
        return [header] + (try await rows(req).rows.map { a, status, unit in
            [.text(unit), .text(a.title), .text(a.responsible), .date(iso: a.due_on), .text(req.t("task_status_\(status.rawValue)")),
             .date(iso: a.completed_on), .number(a.progress)]
        })
    }

    func csv(req: Request) async throws -> Response {
        // A byte-order mark, so Excel opens the UTF-8 Vietnamese correctly.
        let text = "\u{FEFF}" + (try await table(req)).map { CSVWriter.line($0.map { $0.text(req.language) }) }.joined(separator: "\r\n") + "\r\n"
        return Response.attachment(Data(text.utf8), type: "text/csv; charset=utf-8", name: "nhiem-vu.csv")
    }

    func xlsx(req: Request) async throws -> Response {
        Response.attachment(try XLSXWriter.workbook(sheetName: req.t("tasks_title"), cells: try await table(req)), type: EvidenceKind.xlsx.contentType, name: "nhiem-vu.xlsx")
    }

    /// Báo cáo tình hình thực hiện nhiệm vụ: counts per status and the unfinished work, as of today.
    func docx(req: Request) async throws -> Response {
        let (scope, rows) = try await rows(req)
        let today = req.today
        let count = { (status: TaskStatus) in rows.filter { $0.1 == status }.count }
        let unfinished = rows.filter { !$0.1.isDone }
        // An official document is in Vietnamese whatever the reader's language.
        let vi = { (key: String) in req.application.localizer.string(key, .vi) }
        let report = DOCXWriter(
            issuingBody: ["BAN CHỈ ĐẠO 799", "CƠ QUAN THƯỜNG TRỰC"],
            number: "Số:        /BC-BCĐ",
            placeAndDate: OfficialDate.line(place: "Hải Phòng", date: today),
            documentType: "BÁO CÁO",
            summary: "Tình hình thực hiện nhiệm vụ — \(scope.name) (đến ngày \(Formatting.date(today, .vi)))",
            body: [
                .paragraph("1. Tổng số nhiệm vụ đã giao: \(rows.count), trong đó:", bold: true),
                .paragraph("- Hoàn thành đúng hạn: \(count(.completedOnTime));"),
                .paragraph("- Hoàn thành quá hạn: \(count(.completedLate));"),
                .paragraph("- Đang thực hiện trong hạn: \(count(.inProgress));"),
                .paragraph("- Chưa hoàn thành, quá hạn: \(count(.overdue))."),
                .paragraph("2. Nhiệm vụ chưa hoàn thành (quá hạn trước):", bold: true),
                .table(header: ["Đơn vị", "Nhiệm vụ", "Hạn", "Tình trạng"],
                       rows: unfinished.map { a, status, unit in [unit, a.title, Formatting.date(iso: a.due_on, .vi), vi("task_status_\(status.rawValue)")] },
                       widths: [2268, 4422, 1247, 1134]),
            ],
            recipients: ["- Trưởng ban Chỉ đạo 799 thành phố (để b/c);", "- Thành viên Ban Chỉ đạo;", "- Lưu: VT."],
            signerPosition: ["TL. TRƯỞNG BAN", "CƠ QUAN THƯỜNG TRỰC"],
            signerName: "")
        return Response.attachment(try report.document(), type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", name: "bao-cao-nhiem-vu.docx")
    }
}
