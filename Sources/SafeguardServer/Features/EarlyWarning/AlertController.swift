import Fluent
import SafeguardCore
import Vapor

/// Cảnh báo sớm: the alerts a unit may see, each with its chart, plain-Vietnamese explanation,
/// handling (mới → đã tiếp nhận → đánh giá → đóng) and review log.
struct AlertController: RouteCollection {
    /// A task given from an alert is due in two weeks unless the officer says otherwise.
    static let defaultTaskDays = 14

    func boot(routes: any RoutesBuilder) throws {
        routes.get("warnings", use: list)
        routes.get("warnings", ":id", use: show)
        routes.post("warnings", ":id", "actions", use: act)
        routes.post("warnings", ":id", "tasks", use: assign)
    }

    private func watchName(_ id: String, _ req: Request) -> String {
        req.application.referenceData.watches.first { $0.id == id }?.name ?? id
    }

    /// "tháng 5/2026" or "tuần 48/2026".
    private func periodLabel(_ alert: Alert, _ req: Request) -> String {
        let word = req.t(alert.frequency == "week" ? "warnings_week" : "warnings_month").lowercased()
        return "\(word) \(alert.period % 100)/\(alert.period / 100)"
    }

    /// The stored `key=value` baseline put into words: "4 năm trước, cùng thời điểm ±2 tháng, …".
    private func baselineText(_ stored: String, _ req: Request) -> String {
        var values: [String: String] = [:]
        for pair in stored.split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
        }
        let period = req.t(values["period"] == "week" ? "warnings_week" : "warnings_month").lowercased()
        var text = req.t(values["years"] != nil ? "warnings_baseline_seasonal" : "warnings_baseline_recent")
        for (key, value) in values { text = text.replacingOccurrences(of: "{\(key)}", with: key == "period" ? period : value) }
        return text.contains("{") ? stored : text
    }

    private func number(_ value: Double?, _ req: Request) -> String {
        value.map { Formatting.number(($0 * 10).rounded() / 10, req.language) } ?? "—"
    }

    func list(req: Request) async throws -> View {
        let scope = try await req.defaultScope()
        let state = (try req.queryText("state")).flatMap(AlertState.init(rawValue:))
        let query = Alert.query(in: scope, on: req.db)
        if let state { query.filter(\.$state == state) }
        let alerts = try await query.sort(\.$period, .descending).sort(\.$observed, .descending).limit(500).all()
        let names = try await OrgUnit.names(of: Set(alerts.map(\.unitCode)), on: req.db)
        // Precision of the past: of the alerts assessed in this scope, the share that were real rises.
        let assessed = try await Alert.query(in: scope, on: req.db).filter(\.$assessment != nil).all()
        let precision = Dictionary(grouping: assessed, by: \.method).map { method, list in
            let p = AlertPrecision(assessed: list.count, real: list.filter { $0.assessment == .realIncrease }.count)
            return AlertListPage.Precision(method: method, text: "\(p.real)/\(p.assessed)" + (p.value.map { " (\(Formatting.number(($0 * 1000).rounded() / 10, req.language))%)" } ?? ""))
        }.sorted { $0.method < $1.method }
        // Communes the detector does not judge yet, and why ("chưa đủ 3 năm số liệu").
        let month = KPIService.currentMonth(today: req.today).advanced(by: -1)
        let short = scope.kind == .province || scope.kind.isLocality
            ? try await EarlyWarningService(db: req.db, watches: []).shortHistory(
                province: scope.provinceCode, month: month, among: scope.kind.isLocality ? [scope] : nil)
            : []
        let page = AlertListPage(
            page: PageContext(req, title: req.t("warnings_title")), scopeName: scope.name,
            shortHistory: short.map { entry in
                entry.unit.name + ": " + (entry.since.map { req.t("warnings_short_history_since").replacingOccurrences(of: "{since}", with: "\($0.month)/\($0.year)") }
                    ?? req.t("warnings_no_records"))
            },
            rows: alerts.map { a in
                .init(link: "/warnings/\(a.id!.uuidString)", period: periodLabel(a, req), unit: names[a.unitCode] ?? a.unitCode,
                      watch: watchName(a.watchID, req), observed: a.observed, upperbound: number(a.upperbound, req),
                      expected: number(a.expected, req), method: a.method, state: req.t("warnings_state_\(a.state.rawValue)"), isNew: a.state == .new)
            },
            precision: precision, state: state?.rawValue ?? "",
            states: [Choice(value: "", label: req.t("warnings_all"), selected: state == nil)]
                + AlertState.allCases.map { Choice(value: $0.rawValue, label: req.t("warnings_state_\($0.rawValue)"), selected: $0 == state) })
        return try await req.page("early-warning/warnings", page)
    }

    /// The alert, after checking the user may read its unit's records.
    func alert(_ req: Request) async throws -> (Alert, OrgUnit) {
        guard let id = req.parameters.get("id", as: UUID.self), let alert = try await Alert.find(id, on: req.db),
              let unit = try await OrgUnit.find(code: alert.unitCode, on: req.db)
        else { throw Abort(.notFound, reason: req.t("error.not-found")) }
        try req.authorize(.readUnitRecords(unit: unit.code), on: unit)
        return (alert, unit)
    }

    func show(req: Request) async throws -> View {
        let (alert, unit) = try await alert(req)
        return try await page(req, alert, unit, errors: [])
    }

    func page(_ req: Request, _ alert: Alert, _ unit: OrgUnit, errors: [String], task: AlertPage.TaskForm? = nil) async throws -> View {
        let watch = req.application.referenceData.watches.first { $0.id == alert.watchID } ?? Watch(id: alert.watchID, name: alert.watchID)
        let frequency = SeriesFrequency(rawValue: alert.frequency) ?? .month
        let last = frequency == .week ? alert.periodStart ?? 0 : alert.period
        let province = try await OrgUnit.find(code: unit.provinceCode, on: req.db) ?? unit
        let series = try await EarlyWarningService(db: req.db, watches: [watch]).series(province: province, frequency: frequency, through: last, only: unit).first
        // The last three years of months (two of weeks), with the detector's bound and expectation for each period it can judge.
        let span = frequency == .week ? 104 : 36
        let shown = series.map { s in max(0, s.counts.count - span)..<s.counts.count } ?? 0..<0
        let counted = series?.countSeries
        let detections = counted.map { whole in shown.map { SeriesDetector.detect(whole, at: $0) } } ?? []
        let labels = series.map { s in shown.map { i -> String in
            let code = frequency.alertPeriod(s.periods[i])
            return "\(code % 100)/\(code / 100 % 100)"
        } } ?? []
        let counts = series.map { Array($0.counts[shown]) } ?? []
        let explanation = req.t("warnings_explanation")
            .replacingOccurrences(of: "{unit}", with: unit.name)
            .replacingOccurrences(of: "{count}", with: String(alert.observed))
            .replacingOccurrences(of: "{watch}", with: watch.name.lowercased())
            .replacingOccurrences(of: "{period}", with: periodLabel(alert, req))
            .replacingOccurrences(of: "{bound}", with: number(alert.upperbound, req))
        let chart = AlertChart(
            labels: labels, counts: counts, bounds: detections.map { $0?.upperbound }, expected: detections.map { $0?.expected },
            title: "\(unit.name) — \(watch.name)",
            description: zip(labels, counts).map { "\($0): \($1)" }.joined(separator: "; ")).svg
        let reviews = try await AlertReview.query(on: req.db).filter(\.$alert.$id == alert.requireID()).sort(\.$at).all()
        let canAct = try req.allows(.editUnitRecords(unit: unit.code), on: unit)
        let today = req.today
        let assignments = try await Assignment.query(on: req.db).filter(\.$alert.$id == alert.requireID()).sort(\.$createdAt).all()
        let page = AlertPage(
            page: PageContext(req, title: req.t("warnings_alert")), id: try alert.requireID().uuidString, explanation: explanation, chart: chart,
            facts: [
                Choice(value: req.t("warnings_observed"), label: String(alert.observed)),
                Choice(value: req.t("warnings_upperbound"), label: number(alert.upperbound, req)),
                Choice(value: req.t("warnings_expected"), label: number(alert.expected, req)),
                Choice(value: req.t("warnings_score"), label: number(alert.score, req)),
                Choice(value: req.t("warnings_method"), label: alert.method),
                Choice(value: req.t("warnings_parameters"), label: alert.parameters),
                Choice(value: req.t("warnings_baseline"), label: baselineText(alert.baseline, req)),
            ],
            state: req.t("warnings_state_\(alert.state.rawValue)"),
            assessment: alert.assessment.map { req.t("warnings_assessment_\($0.rawValue)") },
            canAct: canAct && alert.state != .closed, canAcknowledge: alert.state == .new,
            canAssess: alert.state == .acknowledged || alert.state == .assessed, canClose: alert.state == .assessed,
            assessments: AlertAssessment.allCases.map { Choice(value: $0.rawValue, label: req.t("warnings_assessment_\($0.rawValue)"), selected: $0 == alert.assessment) },
            reviews: reviews.map { r in
                .init(at: Formatting.date(CalendarDate(r.at), req.language), actor: r.actor,
                      step: req.t("warnings_step_\(r.step)") + (r.assessment.map { ": " + req.t("warnings_assessment_\($0.rawValue)") } ?? ""),
                      note: r.note ?? "")
            },
            errors: errors,
            tasks: try assignments.map { a in
                let due = CalendarDate(iso: a.dueOn)
                let status = a.status(today: today)
                let soon = a.isDueSoon(today: today, days: req.application.settings.dueSoonDays)
                return .init(link: "/tasks/\(try a.requireID().uuidString)", title: a.title, responsible: a.responsible, due: due.map { Formatting.date($0, req.language) } ?? a.dueOn,
                             expected: a.expectedResult, status: req.t("task_status_\(status.rawValue)") + (soon ? " · " + req.t("task_due_soon") : ""),
                             late: status == .overdue || status == .completedLate)
            },
            taskForm: canAct && alert.state != .closed ? task ?? AlertPage.TaskForm(
                title: req.t("warnings_task_default_title").replacingOccurrences(of: "{explanation}", with: explanation),
                responsible: "", due: today.adding(days: Self.defaultTaskDays).description,
                expected: req.t("warnings_task_default_expected"), errors: []) : nil)
        return try await req.page("early-warning/warning", page)
    }

    /// One handling step with an optional note; refused (422) when the workflow does not allow it.
    func act(req: Request) async throws -> Response {
        let (alert, unit) = try await alert(req)
        try req.authorize(.editUnitRecords(unit: unit.code), on: unit)
        struct Form: Content {
            var step: String
            var assessment: String?
            var note: String?
        }
        let form = try req.content.decode(Form.self)
        let step: AlertWorkflow.Step
        switch form.step {
        case "acknowledge": step = .acknowledge
        case "close": step = .close
        case "assess":
            guard let verdict = form.assessment.flatMap(AlertAssessment.init(rawValue:)) else {
                return try await page(req, alert, unit, errors: [req.t("warnings_error_assessment")]).encodeResponse(status: .unprocessableEntity, for: req)
            }
            step = .assess(verdict)
        default: throw Abort(.badRequest, reason: req.t("error.bad-request"))
        }
        let actor = try req.user.username
        let note = form.note?.trimmed.prefix(2000).description
        let id = try alert.requireID()
        do {
            // Judged against the stored alert, locked, so two officers cannot both acknowledge it.
            try await req.db.withLocked(alert) { fresh, db in
                var flow = AlertWorkflow(state: fresh.state, assessment: fresh.assessment)
                try flow.apply(step)
                fresh.state = flow.state
                fresh.assessment = flow.assessment
                try await fresh.update(on: db)
                let review = AlertReview()
                review.$alert.id = id
                review.at = req.now
                review.actor = actor
                review.step = step.name
                if case .assess(let verdict) = step { review.assessment = verdict }
                review.note = note?.isEmpty == false ? note : nil
                try await review.create(on: db)
                try await req.audit(step.name, "alert", key: id.uuidString, detail: review.assessment?.rawValue, on: db)
            }
        } catch is AlertWorkflow.TransitionError {
            let fresh = try await Alert.find(id, on: req.db) ?? alert
            return try await page(req, fresh, unit, errors: [req.t("warnings_error_step")]).encodeResponse(status: .unprocessableEntity, for: req)
        }
        return req.redirect(to: "/warnings/\(id.uuidString)")
    }
}
