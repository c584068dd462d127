import Fluent
import SafeguardCore
import Vapor

/// `/tips`: the officers' side of the citizens' portal — the queue of their unit's reports with
/// ages, deadlines and what has waited too long for an answer; a report with its messages, files
/// and the steps that answer it (ask, verify, make it a crime report, transfer, resolve, close).
struct TipController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let tips = routes.grouped("tips")
        tips.get(use: queue)
        tips.get(":id", use: show)
        tips.post(":id", "messages", use: message)
        tips.post(":id", "actions", use: act)
        tips.get(":id", "files", ":index", use: file)
    }

    private func id(_ req: Request) throws -> String {
        guard let id = req.parameters.get("id"), id.count <= 20 else { throw Abort(.notFound, reason: req.t("error.record-not-found")) }
        return id
    }

    struct QueuePage: Encodable {
        struct Row: Encodable {
            var id: String
            var category: String
            var unit: String
            var mode: String
            var state: String
            var age: String
            var due: String
            var late: Bool
            var escalated: Bool
        }

        var page: PageContext
        var unitName: String
        var showAll: Bool
        var rows: [Row]
        var pager: PageLinks
    }

    func queue(req: Request) async throws -> View {
        let scope = try await req.listScope()
        let all = try req.queryText("all") == "1"
        let desk = TipDesk(req: req)
        let rule = EscalationRule(hours: req.application.settings.tipEscalationHours)
        let now = req.now
        let pager = try PageLinks(req, total: try await desk.queue(in: scope, open: !all).count())
        let rows = try await desk.queue(in: scope, open: !all).with(\.$unit).range(pager.offset..<(pager.offset + 100)).all().map { r in
            QueuePage.Row(id: r.publicID, category: desk.channels.channel(r.category).map { PortalController.name($0, req) } ?? r.category,
                          unit: r.unit.name, mode: req.t(r.mode.localizationKey), state: req.t(r.state.localizationKey),
                          age: Self.age(now.timeIntervalSince(r.receivedAt), req), due: Formatting.date(Self.dueDay(r.dueAt), req.language),
                          late: !r.state.isFinished && r.dueAt < now,
                          escalated: !r.state.isFinished && rule.isEscalated(receivedAt: r.receivedAt, firstAnswerAt: r.firstAnswerAt, now: now))
        }
        return try await req.page("tips/queue", QueuePage(page: PageContext(req, title: req.t("tips_title")), unitName: scope.name, showAll: all,
                                                         rows: rows, pager: pager))
    }

    /// The last day of a time limit: `due_at` is the first instant after it.
    static func dueDay(_ dueAt: Date) -> CalendarDate { CalendarDate(dueAt.addingTimeInterval(-1)) }

    /// "3 giờ", "2 ngày".
    static func age(_ seconds: TimeInterval, _ req: Request) -> String {
        seconds < 86_400 ? "\(max(0, Int(seconds / 3600))) \(req.t("tip_hours"))" : "\(Int(seconds / 86_400)) \(req.t("tips_days"))"
    }

    struct ReportPage: Encodable {
        struct Line: Encodable {
            var label: String
            var value: String
        }

        struct Message: Encodable {
            var from: String
            var at: String
            var text: String
        }

        var page: PageContext
        var id: String
        var lines: [Line]
        var reporter: [Line]
        var reporterHidden: Bool
        var description: String
        var files: [Choice]
        var messages: [Message]
        var actions: [Choice]
        var units: [Choice]
        var canEdit: Bool
        var crimeReport: String?
        var errors: FormErrors
    }

    func show(req: Request) async throws -> View {
        try await render(req, try await TipDesk(req: req).readable(try id(req)))
    }

    private func render(_ req: Request, _ report: CitizenReport, errors: [FieldError] = []) async throws -> View {
        let desk = TipDesk(req: req)
        try await req.audit("read", "citizen-report", key: report.publicID)
        let (description, place) = try await desk.text(of: report)
        let lang = req.language
        var reporter: [ReportPage.Line] = []
        let knows = try desk.mayKnowReporter(report)
        if knows, let r = try await desk.reporter(of: report) {
            reporter = [.init(label: req.t("tip_reporter_name"), value: r.name), .init(label: req.t("tip_reporter_contact"), value: r.contact),
                        .init(label: req.t("tip_reporter_id_number"), value: r.idNumber ?? "—")]
        }
        let files = try await CitizenAttachment.query(on: req.db).filter(\.$report.$id == report.requireID()).field(\.$id).field(\.$kind).field(\.$size)
            .sort(\.$id).all()
        let allowed = CitizenReportAction.allCases.filter { $0.next(from: report.state) != nil }
        let units = try await Scope.province(report.provinceCode).filter(OrgUnit.query(on: req.db))
            .filter(\.$kind ~~ [.ward, .commune, .specialZone, .department]).sort(\.$name).all()
        return try await req.page("tips/report", ReportPage(
            page: PageContext(req, title: "\(req.t("tips_report")) \(report.publicID)"), id: report.publicID,
            lines: [
                .init(label: req.t("tip_category"), value: desk.channels.channel(report.category).map { PortalController.name($0, req) } ?? report.category),
                .init(label: req.t("tip_commune"), value: try await OrgUnit.find(code: report.placeCommune, on: req.db)?.name ?? report.placeCommune),
                .init(label: req.t("tip_place"), value: place ?? "—"),
                .init(label: req.t("tip_occurred_on"), value: Formatting.date(iso: report.occurredOn, lang)),
                .init(label: req.t("tip_point"), value: report.latitude.map { "\($0), \(report.longitude ?? 0)" } ?? "—"),
                .init(label: req.t("tip_mode"), value: req.t(report.mode.localizationKey)),
                .init(label: req.t("tips_received"), value: Formatting.moment(report.receivedAt, lang)),
                .init(label: req.t("tips_due"), value: Formatting.date(Self.dueDay(report.dueAt), lang)),
                .init(label: req.t("tips_state"), value: req.t(report.state.localizationKey)),
                .init(label: req.t("case_unit"), value: report.unit.name),
                .init(label: req.t("tips_feedback"), value: report.feedback.map { req.t("tip_feedback_\($0)") } ?? "—"),
            ],
            reporter: reporter, reporterHidden: report.mode == .confidential && !knows, description: description,
            files: files.enumerated().map { i, f in Choice(value: "/tips/\(report.publicID)/files/\(i)", label: "\(f.kind.mediaType) · \(Formatting.bytes(f.size, lang))") },
            messages: try await desk.messages(of: report).map { m in
                .init(from: m.fromCitizen ? req.t("tips_citizen") : (m.officer ?? ""), at: Formatting.moment(m.at, lang), text: m.text)
            },
            actions: allowed.map { Choice(value: $0.rawValue, label: req.t($0.localizationKey)) },
            units: units.filter { $0.code != report.unit.code }.map { Choice(value: $0.code, label: $0.name) },
            canEdit: try req.allows(.editUnitRecords(unit: report.unit.code), on: report.unit) && !report.state.isFinished,
            crimeReport: report.crimeReportCode, errors: FormErrors(FieldErrors(errors), req, labels: ["note": "tips_note", "to_unit": "tips_to_unit", "text": "tips_message"])))
    }

    struct MessageInput: Content { var text: String? }

    func message(req: Request) async throws -> Response {
        let desk = TipDesk(req: req)
        let report = try await desk.readable(try id(req))
        try req.authorize(.editUnitRecords(unit: report.unit.code), on: report.unit)
        var errors: [FieldError] = []
        guard let text = FieldParsing.text(try req.content.decode(MessageInput.self).text, field: "text", required: true, maxLength: 3000, errors: &errors),
              !report.state.isFinished else {
            return try await render(req, report, errors: errors.isEmpty ? [FieldError("text", .notAllowed)] : errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
        try await desk.add(message: text, to: report, fromCitizen: false)
        return req.redirect(to: "/tips/\(report.publicID)")
    }

    struct ActionInput: Content {
        var action: String
        var note: String?
        var to_unit: String?
    }

    func act(req: Request) async throws -> Response {
        let desk = TipDesk(req: req)
        let report = try await desk.readable(try id(req))
        let input = try req.content.decode(ActionInput.self)
        guard let action = CitizenReportAction(rawValue: input.action) else { throw Abort(.badRequest, reason: req.t("error.bad-request")) }
        do {
            try await desk.act(action, on: report, note: input.note, toUnit: input.to_unit)
        } catch TipDesk.Failure.invalid(let errors) {
            return try await render(req, report, errors: errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
        // A transfer hands it to another unit: back to the queue.
        return req.redirect(to: action == .transfer ? "/tips" : "/tips/\(report.publicID)")
    }

    /// A citizen's file, to the officers only: sent as an attachment, never shown inline (a file
    /// from the public is not trusted to render in an officer's browser). Audited.
    func file(req: Request) async throws -> Response {
        let report = try await TipDesk(req: req).readable(try id(req))
        guard let index = req.parameters.get("index").flatMap(Int.init), (0..<PortalController.maximumFiles).contains(index) else {
            throw Abort(.notFound, reason: req.t("error.record-not-found"))
        }
        let files = try await CitizenAttachment.query(on: req.db).filter(\.$report.$id == report.requireID()).sort(\.$id).all()
        guard index < files.count else { throw Abort(.notFound, reason: req.t("error.record-not-found")) }
        let f = files[index]
        let bytes: Data = try await req.fieldCipher.open(f.bytes, for: .tipAttachment, on: req.db)
        try await req.audit("download", "citizen-attachment", key: report.publicID, detail: "file=\(index)")
        let response = Response(status: .ok, body: .init(data: bytes))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "octet-stream")
        response.headers.contentDisposition = .init(.attachment, filename: "phan-anh-\(report.publicID)-\(index + 1).\(f.kind.rawValue)")
        response.headers.cacheControl = .init(noStore: true)
        return response
    }
}
