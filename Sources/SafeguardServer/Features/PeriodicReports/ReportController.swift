import Fluent
import SafeguardCore
import Vapor

/// Báo cáo định kỳ: units fill their periodic reports once a period closes (drafts saved as they
/// type), send them up; the standing office approves or returns them with a reason, and reopens an
/// approved one for a correction; every step is logged. `/reports/:form/completeness` is the matrix
/// of who has reported, on time or late, with the rates.
struct ReportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("reports", use: list)
        routes.get("reports", ":form", "completeness", use: completeness)
        routes.get("reports", ":form", ":period", use: show)
        routes.post("reports", ":form", ":period", use: save)
        routes.post("reports", ":form", ":period", "draft", use: autosave)
        routes.post("reports", ":form", ":period", "review", use: review)
        routes.get("reports", ":form", ":period", "template.xlsx", use: template)
        routes.on(.POST, "reports", ":form", ":period", "upload", body: .collect(maxSize: Self.maximumUpload), use: upload).collecting(Self.maximumUpload)
    }

    /// A filled form is a few kilobytes; a generous limit for Excel's packaging.
    static let maximumUpload: ByteCount = "5mb"

    // MARK: - Excel

    /// The form as an Excel file to fill offline, with the report's current values.
    func template(req: Request) async throws -> Response {
        let desk = try await ReportDesk.at(req)
        let (form, period, unit) = (desk.form, desk.period, desk.unit)
        let report = try await desk.submission()
        let values = (report?.reportValues.values ?? [:]).mapValues { $0 == "true" ? "Có" : $0 == "false" ? "Không" : $0 }
        return Response.attachment(try ReportWorkbook.template(form, period: period, unit: unit.code, values: values),
                                   type: EvidenceKind.xlsx.contentType, name: "\(form.code)-\(unit.code)-\(period).xlsx")
    }

    /// A filled Excel file: every problem named by sheet and cell, and then nothing is changed;
    /// otherwise its values replace the draft's.
    func upload(req: Request) async throws -> Response {
        let desk = try await ReportDesk.at(req)
        let (form, period, unit) = (desk.form, desk.period, desk.unit)
        try desk.requireReporter()
        struct Upload: Content { var file: File? }
        let reports = UnitReports(db: req.db)
        func refuse(_ messages: [String]) async throws -> Response {
            try await page(req, form, period, unit, try await reports.submission(form, unit: unit.code, period: period), typed: nil, errors: [:], messages: messages, saved: false)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        guard let file = try req.content.decode(Upload.self).file, file.data.readableBytes > 0 else { return try await refuse([req.t("report_error_no_file")]) }
        let read: Result<[String: String], ReportWorkbook.Problems>
        do {
            read = try ReportWorkbook.read(Data(file.data.readableBytesView), form: form, period: period, unit: unit.code) { reason in
                req.t(reason.localizationKey) + (reason.detail.map { " (\($0))" } ?? "")
            }
        } catch {
            return try await refuse([error.message(req.application.localizer, req.language)])
        }
        let typed: [String: String]
        switch read {
        case .success(let t): typed = t
        case .failure(let problems): return try await refuse(problems.messages)
        }
        guard case .success(let values) = ReportValues.read(typed, form: form, complete: false) else { return try await refuse([req.t("error.bad-request")]) }
        do {
            try await reports.save(values, form: form, unit: unit, period: period, actor: try req.user.username)
        } catch UnitReports.Refusal.locked {
            return try await refuse([req.t("report_error_locked")])
        }
        try await req.audit("upload", "report", key: "\(form.code)/\(unit.code)/\(period)", detail: file.filename, on: req.db)
        return req.redirect(to: "/reports/\(form.code)/\(period)?saved=1")
    }

    // MARK: - List

    func list(req: Request) async throws -> View {
        let forms = try await ReportFormCatalog(db: req.db).current()
        let today = req.today
        var rows: [ReportsPage.Row] = []
        if let unit = try req.user.unit {
            let life = unit.lifetime
            for form in forms where form.unitKinds.contains(unit.kind) {
                let periods = Array(form.periodType.closed(by: today, since: today.year - 1).suffix(12).reversed())
                // The unit's reports for those periods in one query, without their values.
                let reports = Dictionary(try await ReportSubmission.query(on: req.db).filter(\.$formCode == form.code).filter(\.$unitCode == unit.code)
                    .filter(\.$period ~~ periods.map(\.description)).all().map { ($0.period, $0) }, uniquingKeysWith: { a, _ in a })
                for period in periods {
                    let report = reports[period.description]
                    let deadline = form.deadline(for: period)
                    let status = Completeness.status(life, period: period, deadline: deadline,
                                                     report: report.map { .init(firstSubmittedOn: $0.firstSubmittedOn.flatMap(CalendarDate.init(iso:)), state: $0.state) },
                                                     today: today)
                    rows.append(.init(form: form.title, period: DashboardPage.label(of: period, req), deadline: Formatting.date(deadline, req.language),
                                      state: req.t("report_state_\(report?.state.rawValue ?? "none")"), late: status == .missing || status == .late,
                                      link: "/reports/\(form.code)/\(period)"))
                }
            }
        }
        let scope = try await req.defaultScope()
        let reviews = try req.allows(.reviewReports, on: scope)
        var waiting: [ReportsPage.Waiting] = []
        if reviews {
            let sent = try await ReportSubmission.query(on: req.db).filter(\.$state == .submitted).sort(\.$updatedAt).limit(200).all()
            let names = try await OrgUnit.names(of: Set(sent.map(\.unitCode)), on: req.db)
            let titles = Dictionary(forms.map { ($0.code, $0.title) }, uniquingKeysWith: { a, _ in a })
            waiting = sent.map { s in
                .init(unit: names[s.unitCode] ?? s.unitCode, form: titles[s.formCode] ?? s.formCode,
                      period: ReportingPeriod(s.period).map { DashboardPage.label(of: $0, req) } ?? s.period,
                      link: "/reports/\(s.formCode)/\(s.period)?unit=\(s.unitCode)")
            }
        }
        let readsAcross = try req.user.unit == nil || reviews
        let matrices = readsAcross ? forms.map { Choice(value: "/reports/\($0.code)/completeness", label: $0.title) } : []
        return try await req.page("periodic-reports/reports", ReportsPage(page: PageContext(req, title: req.t("reports_title")), rows: rows, waiting: waiting, matrices: matrices))
    }

    // MARK: - One report

    func show(req: Request) async throws -> View {
        let desk = try await ReportDesk.at(req)
        return try await page(req, desk.form, desk.period, desk.unit, try await desk.submission(), typed: nil, errors: [:], messages: [], saved: (try req.queryNumber("saved", in: 0...1_000_000)) == 1)
    }

    private func page(_ req: Request, _ form: ReportForm, _ period: ReportingPeriod, _ unit: OrgUnit, _ report: ReportSubmission?,
                      typed: [String: String]?, errors: [String: String], messages: [String], saved: Bool) async throws -> View {
        let today = req.today
        let values = report?.reportValues ?? ReportValues()
        let reports = UnitReports(db: req.db)
        let closed = period.end < today
        let isReporter = try ReportDesk(request: req, form: form, period: period, unit: unit).isReporter
        let editable = closed && isReporter && (report?.state.isEditable ?? true)
        let reviewer = try req.allows(.reviewReports, on: unit) && !isReporter
        var warnings: [String] = []
        var outliers: [String: OutlierCheck] = [:]
        if !values.values.isEmpty {
            let violations = try ValidationRule.check(form, values, records: try await reports.recordValues(unit: unit))
            warnings = violations.map { v in
                let symbol = form.rules.first { $0.code == v.rule }?.comparison.symbol ?? ""
                return "\(v.message) (\(Formatting.number(v.left, req.language)) \(symbol) \(Formatting.number(v.right, req.language)))"
            }
            outliers = try await reports.outliers(values, form: form, unit: unit.code, period: period)
        }
        if !closed { warnings.insert(req.t("report_not_closed"), at: 0) }
        // What the unit recorded in the activity log for the period, beside what it reports.
        let sessions = try await OutreachEventRecord.query(on: req.db).filter(\.$unitCode == unit.code).filter(\.$kind == .propaganda)
            .filter(\.$heldMonth >= period.months.lowerBound.code).filter(\.$heldMonth <= period.months.upperBound.code).all()
        let activities = sessions.isEmpty ? nil : req.t("report_events_hint").replacingOccurrences(of: "{sessions}", with: String(sessions.count))
            .replacingOccurrences(of: "{people}", with: String(sessions.map(\.participants).reduce(0, +)))
        var events: [ReportEvent] = []
        if let id = report?.id { events = try await ReportEvent.query(on: req.db).filter(\.$submission.$id == id).sort(\.$at).all() }
        let cells = form.cells.map { cell -> ReportPage.Cell in
            let value = typed?[cell.key] ?? values.values[cell.key].map { Self.shown($0, cell.element.type, req) } ?? ""
            let options: [Choice] = switch cell.element.type {
            case .yesNo: [Choice(value: "", label: ""), Choice(value: "có", label: req.t("report_yes"), selected: value == "có"),
                          Choice(value: "không", label: req.t("report_no"), selected: value == "không")]
            case .option: [Choice(value: "", label: "")] + (cell.element.options ?? []).map { Choice(value: $0, label: $0, selected: $0 == value) }
            default: []
            }
            return .init(key: cell.key, label: cell.element.name + (cell.option.map { " — \($0.name)" } ?? ""), type: cell.element.type.rawValue,
                         value: value, options: options, required: cell.element.required, error: errors[cell.key],
                         outlier: outliers[cell.key].map { req.t("report_outlier").replacingOccurrences(of: "{median}", with: Formatting.number($0.median, req.language)) })
        }
        return try await req.page("periodic-reports/report", ReportPage(
            page: PageContext(req, title: form.title), formCode: form.code, formTitle: form.title, unitName: unit.name, unitCode: unit.code,
            period: period.description, periodLabel: DashboardPage.label(of: period, req), deadline: Formatting.date(form.deadline(for: period), req.language),
            state: req.t("report_state_\(report?.state.rawValue ?? "none")"), returnReason: report?.state == .returned ? report?.returnReason : nil,
            cells: cells, editable: editable, canApprove: reviewer && report?.state == .submitted, canReopen: reviewer && report?.state == .approved,
            errors: messages, warnings: warnings, activities: activities,
            events: events.map { .init(at: Formatting.date(CalendarDate($0.at), req.language), actor: $0.actor, action: req.t("report_action_\($0.action)"), reason: $0.reason) },
            saved: saved))
    }

    /// A stored value as the form shows it: "có"/"không", dd/mm/yyyy, a decimal comma in Vietnamese.
    private static func shown(_ stored: String, _ type: ValueType, _ req: Request) -> String {
        switch type {
        case .yesNo: stored == "true" ? "có" : "không"
        case .date: Formatting.date(iso: stored, req.language)
        case .number, .percentage: Double(stored).map { Formatting.number($0, req.language) } ?? stored
        default: stored
        }
    }

    private struct EntryForm: Content {
        var v: [String: String]?
        var action: String?
    }

    /// Saves the draft (`action=save`) or sends it (`action=submit`): values are checked cell by
    /// cell; sending also needs every required cell and no blocking rule broken. Values are kept
    /// as a draft even when sending is refused, so nothing typed is lost.
    func save(req: Request) async throws -> Response {
        let desk = try await ReportDesk.at(req)
        try desk.requireReporter()
        let entry = try req.content.decode(EntryForm.self)
        let typed = entry.v ?? [:]
        do {
            _ = try await desk.enter(typed, submit: entry.action == "submit")
        } catch let refusal as ReportDesk.Refusal {
            return try await page(req, desk.form, desk.period, desk.unit, refusal.report, typed: typed, errors: refusal.cells, messages: refusal.messages, saved: false)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        return req.redirect(to: "/reports/\(desk.form.code)/\(desk.period)?saved=1")
    }

    /// The page's script saves the draft as the officer types: 200 with the time, or 422 with the
    /// message per cell (nothing stored).
    func autosave(req: Request) async throws -> Response {
        let desk = try await ReportDesk.at(req)
        let (form, period, unit) = (desk.form, desk.period, desk.unit)
        try desk.requireReporter()
        struct Answer: Content { var saved: String?; var errors: [String: String] }
        switch ReportValues.read(try req.content.decode(EntryForm.self).v ?? [:], form: form, complete: false) {
        case .failure(let errors):
            let answer = Answer(saved: nil, errors: Dictionary(errors.errors.map { ($0.field, desk.message($0)) }, uniquingKeysWith: { a, _ in a }))
            return try await answer.encodeResponse(status: .unprocessableEntity, for: req)
        case .success(let values):
            do {
                try await UnitReports(db: req.db).save(values, form: form, unit: unit, period: period, actor: try req.user.username)
            } catch UnitReports.Refusal.locked {
                return try await Answer(saved: nil, errors: ["": req.t("report_error_locked")]).encodeResponse(status: .conflict, for: req)
            }
            let clock = DateFormatter()
            (clock.dateFormat, clock.timeZone) = ("HH:mm", TimeZone(identifier: "Asia/Ho_Chi_Minh"))
            let time = clock.string(from: req.now)
            return try await Answer(saved: time, errors: [:]).encodeResponse(for: req)
        }
    }

    /// The standing office approves, returns (with a reason) or reopens (with a reason) a report.
    func review(req: Request) async throws -> Response {
        let desk = try await ReportDesk.at(req)
        struct ReviewForm: Content { var action: String?; var reason: String? }
        let input = try req.content.decode(ReviewForm.self)
        do {
            _ = try await desk.review(input.action.flatMap(SubmissionState.Action.init(rawValue:)), reason: input.reason)
        } catch let refusal as ReportDesk.Refusal {
            return try await page(req, desk.form, desk.period, desk.unit, refusal.report, typed: nil, errors: [:], messages: refusal.messages, saved: false)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        return req.redirect(to: "/reports/\(desk.form.code)/\(desk.period)?unit=\(desk.unit.code)")
    }

    // MARK: - Completeness

    /// Every unit that reports on the form × the year's periods: on time, late, missing, not yet
    /// due, or not expected (a unit that did not exist through the period).
    func completeness(req: Request) async throws -> View {
        guard let code = req.parameters.get("form"), let form = try await ReportFormCatalog(db: req.db).form(code) else {
            throw Abort(.notFound, reason: req.t("error.not-found"))
        }
        let scope = try await req.defaultScope()
        let today = req.today
        let year = try req.year()
        let periods = form.periodType.periods(in: year)
        let matrix = try await CompletenessMatrix.load(form, in: Scope(scope), periods: periods, today: today, on: req.db)
        let labels = Dictionary(uniqueKeysWithValues: ["on-time", "late", "missing", "open", "not-expected"].map { ($0, req.t("completeness_\($0)")) })
        // A city's year is over a thousand cells: written here rather than by a Leaf loop (see bench/README.md).
        var body = ""
        body.reserveCapacity(matrix.units.count * matrix.periods.count * 90)
        // Every piece that repeats is made once: a cell is then three appends.
        let statuses: [Completeness.Status] = [.onTime, .late, .missing, .open, .notExpected]
        let open = Dictionary(uniqueKeysWithValues: statuses.map { ($0, "<td class=\"cell-\($0.rawValue)\" title=\"\(labels[$0.rawValue] ?? "")\">") })
        let plain = Dictionary(uniqueKeysWithValues: statuses.map { ($0, (labels[$0.rawValue] ?? "") + "</td>") })
        let linked = Dictionary(uniqueKeysWithValues: statuses.map { ($0, "\">" + (labels[$0.rawValue] ?? "") + "</a></td>") })
        let links = periods.map { "<a href=\"/reports/\(form.code)/\($0)?unit=" }
        for (u, unit) in matrix.units.enumerated() {
            body.append("<tr><td>")
            body.append(XML.escape(unit.name))
            body.append("</td>")
            for (i, status) in matrix.statuses[u].enumerated() {
                body.append(open[status]!)
                if matrix.reported[u][i] {
                    body.append(links[i])
                    body.append(unit.code)
                    body.append(linked[status]!)
                } else {
                    body.append(plain[status]!)
                }
            }
            let rate = matrix.rate(unit: u)
            body.append("<td class=\"num\">" + (rate.completeness.map { Formatting.percent($0, req.language) } ?? "—") + "</td>")
            body.append("<td class=\"num\">" + (rate.timeliness.map { Formatting.percent($0, req.language) } ?? "—") + "</td></tr>\n")
        }
        func shown(_ rate: Completeness.Rate, _ label: String) -> CompletenessPage.Rate {
            .init(period: label, completeness: rate.completeness.map { Formatting.percent($0, req.language) } ?? "—",
                  timeliness: rate.timeliness.map { Formatting.percent($0, req.language) } ?? "—")
        }
        let rates = periods.indices.map { shown(matrix.rate(period: $0), Self.shortLabel(periods[$0], req)) }
        return try await req.page("periodic-reports/report-completeness", CompletenessPage(
            page: PageContext(req, title: req.t("completeness_title")), formTitle: form.title, year: year, periods: periods.map { Self.shortLabel($0, req) },
            rates: rates, total: shown(matrix.rate(), String(year)), rows: body,
            legend: ["on-time", "late", "missing", "open", "not-expected"].map { Choice(value: $0, label: labels[$0] ?? $0) }))
    }

    /// "T3", "Q1", "6T1"… for a matrix's column heads.
    private static func shortLabel(_ period: ReportingPeriod, _ req: Request) -> String {
        switch period.kind {
        case .month(let m): "\(m)/\(period.year % 100)"
        case .quarter(let q): "\(req.t("period_quarter")) \(q)"
        case .half(let h): "\(req.t("period_half")) \(h)"
        case .nineMonths: req.t("period_nine_months")
        case .year: String(period.year)
        }
    }
}
