import Fluent
import SafeguardCore
import Vapor

/// Hồ sơ vụ án và tố giác, tin báo: lists, single-record forms, reclassification and handling steps.
struct RecordsController: RouteCollection {
    static let listLimit = 200

    func boot(routes: any RoutesBuilder) throws {
        let records = routes.grouped("records")
        records.get("cases", use: cases)
        records.get("cases", "new", use: newCase)
        records.post("cases", use: createCase)
        records.get("cases", ":code", use: showCase)
        records.post("cases", ":code", "reclassify", use: reclassify)
        records.post("cases", ":code", "solve", use: solve)
        records.get("reports", use: reports)
        records.get("reports", "new", use: newReport)
        records.post("reports", use: createReport)
        records.get("reports", ":code", use: showReport)
        records.post("reports", ":code", "actions", use: reportAction)
        records.get("reclassifications", use: reclassifications)
    }

    private func canEdit(_ req: Request, _ unit: OrgUnit) throws -> Bool {
        AccessPolicy(directory: UnitDirectory(ancestryOf: unit)).allows(try req.actor, .editUnitRecords(unit: unit.code))
    }

    private func date(_ text: String?, _ req: Request) -> String { Formatting.date(iso: text, req.language) }

    // MARK: Cases

    func cases(req: Request) async throws -> View {
        let scope = try await req.defaultScope()
        let q = (try req.queryText("q"))?.trimmed ?? ""
        var query = CriminalCase.query(in: scope, on: req.db)
        if !q.isEmpty { query = query.filter(\.$code =~ q) }
        let total = try await query.count()
        let rows = try await query.sort(\.$discoveredOn, .descending).with(\.$unit).limit(Self.listLimit).all()
        let reference = req.application.referenceData
        let page = RecordListPage(
            page: PageContext(req, title: req.t("records_cases_title")), heading: req.t("records_cases_title"), scopeName: scope.name,
            headers: [req.t("case_code"), req.t("case_article"), req.t("case_severity"), req.t("case_unit"), req.t("case_discovered_on"), req.t("case_solved_on")],
            rows: rows.map { c in
                RecordListPage.Row(code: c.code, link: "/records/cases/\(c.code.pathSegment)", columns: [
                    "\(c.article).\(c.clause) — \(reference.penalCode.articles[c.article]?.title ?? "")", req.t(c.severity.localizationKey),
                    c.unit.name, date(c.discoveredOn, req), date(c.solvedOn, req)], overdue: false)
            },
            total: total, query: q, filters: [], newLink: try canEdit(req, scope) ? "/records/cases/new" : nil)
        return try await req.page("crime-records/records", page)
    }

    private func caseForm(_ req: Request, values: [String: String] = [:], errors: [FieldError] = []) async throws -> View {
        func field(_ name: String, _ label: String, type: String = "text", required: Bool = false, hint: String? = nil) -> RecordFormPage.Field {
            .init(name: name, label: req.t(label), value: values[name] ?? "", type: type, required: required, options: nil, hint: hint.map(req.t), error: nil)
        }
        let scope = try await req.defaultScope()
        let page = RecordFormPage(
            page: PageContext(req, title: req.t("records_new_case")), heading: req.t("records_new_case"), action: "/records/cases",
            fields: [
                field("code", "record_code", required: true),
                field("article", "case_article", type: "number", required: true, hint: "case_article_hint"),
                field("clause", "case_clause", type: "number", required: true),
                RecordFormPage.Field(name: "unit", label: req.t("case_unit"), value: values["unit"] ?? (scope.kind == .province ? "" : scope.code),
                                     type: "text", required: true, options: nil, hint: req.t("case_unit_hint"), error: nil),
                field("occurred_on", "case_occurred_on", type: "date", required: true),
                field("discovered_on", "case_discovered_on", type: "date", required: true),
                field("solved_on", "case_solved_on", type: "date"),
                field("suspects", "case_suspects", type: "number"),
                field("summary", "case_summary"),
            ],
            errors: errors, req)
        return try await req.page("crime-records/record-form", page)
    }

    func newCase(req: Request) async throws -> View { try await caseForm(req) }

    func createCase(req: Request) async throws -> Response {
        let form = try req.content.decode([String: String].self)
        do {
            let row = try await RecordEditing(request: req).createCase(CaseDraft(row: form))
            return req.redirect(to: "/records/cases/\(row.code.pathSegment)")
        } catch let error as RecordFormError {
            return try await caseForm(req, values: form, errors: error.errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    func showCase(req: Request) async throws -> View {
        try await renderCase(req, try await req.readableCase())
    }

    private func renderCase(_ req: Request, _ c: CriminalCase, errors: [FieldError] = []) async throws -> View {
        try await req.audit("read", "criminal-case", key: c.code)
        let reference = req.application.referenceData
        let changes = try await CaseReclassification.query(on: req.db).filter(\.$criminalCase.$id == c.requireID()).sort(\.$at).all()
        let cipher = req.fieldCipher
        let summary = try await cipher.open(c.summary, for: .caseSummary, on: req.db)
        var reasons: [String] = []
        for change in changes { reasons.append(try await cipher.open(change.reason, for: .reclassificationReason, on: req.db)) }
        let page = RecordPage(
            page: PageContext(req, title: c.code), heading: "\(req.t("case_code")) \(c.code)",
            lines: [
                .init(label: req.t("case_article"), value: "\(c.article).\(c.clause) — \(reference.penalCode.articles[c.article]?.title ?? "")"),
                .init(label: req.t("case_severity"), value: req.t(c.severity.localizationKey)),
                .init(label: req.t("case_category"), value: reference.categoryName(c.category)),
                .init(label: req.t("case_unit"), value: "\(c.unit.name) (\(c.unit.code))"),
                .init(label: req.t("case_occurred_on"), value: date(c.occurredOn, req)),
                .init(label: req.t("case_discovered_on"), value: date(c.discoveredOn, req)),
                .init(label: req.t("case_solved_on"), value: date(c.solvedOn, req)),
                .init(label: req.t("case_suspects"), value: String(c.suspects)),
                .init(label: req.t("case_summary"), value: summary ?? ""),
            ],
            history: zip(changes, reasons).map { r, reason in
                .init(label: "\(Formatting.date(CalendarDate(r.at), req.language)) · \(r.actor)\(r.isDowngrade ? " · " + req.t("reclassify_downgrade") : "")",
                      value: "\(r.beforeArticle).\(r.beforeClause) (\(req.t(r.beforeSeverity.localizationKey))) → \(r.afterArticle).\(r.afterClause) (\(req.t(r.afterSeverity.localizationKey))): \(reason)")
            },
            errors: errors.map { FieldMessages.message($0, req) }, canEdit: try canEdit(req, c.unit),
            reclassifyAction: "/records/cases/\(c.code.pathSegment)/reclassify", article: String(c.article), clause: String(c.clause),
            solveAction: c.solvedOn == nil ? "/records/cases/\(c.code.pathSegment)/solve" : nil,
            actions: [], actionPath: nil, outcomes: [], today: req.today.description)
        return try await req.page("crime-records/record", page)
    }

    func reclassify(req: Request) async throws -> Response {
        let row = try await req.readableCase()
        let form = try req.content.decode([String: String].self)
        do {
            try await RecordEditing(request: req).reclassify(row, article: form["article"], clause: form["clause"], reason: form["reason"])
            return req.redirect(to: "/records/cases/\(row.code.pathSegment)")
        } catch let error as RecordFormError {
            return try await renderCase(req, row, errors: error.errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    func solve(req: Request) async throws -> Response {
        let row = try await req.readableCase()
        do {
            try await RecordEditing(request: req).solve(row, date: try? req.content.get(String.self, at: "solved_on"))
            return req.redirect(to: "/records/cases/\(row.code.pathSegment)")
        } catch let error as RecordFormError {
            return try await renderCase(req, row, errors: error.errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    // MARK: Reports

    func reports(req: Request) async throws -> View {
        let scope = try await req.defaultScope()
        let filter = (try req.queryText("filter")) ?? "open"
        let q = (try req.queryText("q"))?.trimmed ?? ""
        let today = req.today.description
        var query = CrimeReport.query(in: scope, on: req.db)
        switch filter {
        case "open": query = query.filter(\.$state ~~ [.received, .registered])
        case "overdue": query = query.filter(\.$state ~~ [.received, .registered]).filter(\.$deadlineOn < today)
        default: break
        }
        if !q.isEmpty { query = query.filter(\.$code =~ q) }
        let total = try await query.count()
        let rows = try await query.sort(\.$receivedOn, .descending).with(\.$unit).limit(Self.listLimit).all()
        let page = RecordListPage(
            page: PageContext(req, title: req.t("records_reports_title")), heading: req.t("records_reports_title"), scopeName: scope.name,
            headers: [req.t("report_kind"), req.t("case_unit"), req.t("report_received_on"), req.t("report_state"), req.t("report_resolution_deadline")],
            rows: rows.map { r in
                RecordListPage.Row(code: r.code, link: "/records/reports/\(r.code.pathSegment)", columns: [
                    req.t(r.kind.localizationKey), r.unit.name, date(r.receivedOn, req), req.t(r.state.localizationKey), date(r.deadlineOn, req)],
                    overdue: r.state.isOpen && (r.deadlineOn ?? "9999") < today)
            },
            total: total, query: q,
            filters: ["open", "overdue", "all"].map { Choice(value: $0, label: req.t("reports_filter_\($0)"), selected: $0 == filter) },
            newLink: try canEdit(req, scope) ? "/records/reports/new" : nil)
        return try await req.page("crime-records/records", page)
    }

    private func reportForm(_ req: Request, values: [String: String] = [:], errors: [FieldError] = []) async throws -> View {
        func field(_ name: String, _ label: String, type: String = "text", required: Bool = false, options: [Choice]? = nil) -> RecordFormPage.Field {
            .init(name: name, label: req.t(label), value: values[name] ?? "", type: type, required: required, options: options, hint: nil, error: nil)
        }
        let scope = try await req.defaultScope()
        let reference = req.application.referenceData
        let page = RecordFormPage(
            page: PageContext(req, title: req.t("records_new_report")), heading: req.t("records_new_report"), action: "/records/reports",
            fields: [
                field("code", "record_code", required: true),
                field("kind", "report_kind", required: true, options: CrimeReportKind.allCases.map {
                    Choice(value: $0.rawValue, label: req.t($0.localizationKey), selected: values["kind"] == $0.rawValue) }),
                field("received_on", "report_received_on", type: "date", required: true),
                RecordFormPage.Field(name: "unit", label: req.t("report_unit"), value: values["unit"] ?? (scope.kind == .province ? "" : scope.code),
                                     type: "text", required: true, options: nil, hint: req.t("case_unit_hint"), error: nil),
                field("source", "report_source", required: true),
                field("category", "case_category", required: true, options: reference.categories.map {
                    Choice(value: $0.id, label: $0.name, selected: values["category"] == $0.id) }),
                field("summary", "case_summary"),
                field("registered_on", "report_registered_on", type: "date"),
            ],
            errors: errors, req)
        return try await req.page("crime-records/record-form", page)
    }

    func newReport(req: Request) async throws -> View { try await reportForm(req) }

    func createReport(req: Request) async throws -> Response {
        let form = try req.content.decode([String: String].self)
        do {
            let row = try await RecordEditing(request: req).createReport(ReportDraft(row: form))
            return req.redirect(to: "/records/reports/\(row.code.pathSegment)")
        } catch let error as RecordFormError {
            return try await reportForm(req, values: form, errors: error.errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    func showReport(req: Request) async throws -> View {
        try await renderReport(req, try await req.readableReport())
    }

    private func renderReport(_ req: Request, _ r: CrimeReport, errors: [FieldError] = []) async throws -> View {
        try await req.audit("read", "crime-report", key: r.code)
        let reference = req.application.referenceData
        let next: [String] = switch r.state {
        case .received: ["register", "transfer"]
        case .registered: (r.extensions < 2 && r.resumedOn == nil ? ["extend"] : []) + ["decide"] + (r.resumedOn == nil ? ["suspend"] : []) + ["transfer"]
        case .suspended: ["resume"]
        case .decided, .transferred: []
        }
        // The steps as recorded, with who recorded each (none for imported and migrated steps).
        let steps = try await HandlingStepStore(db: req.db).history(of: try r.requireID())
        let source = try await req.fieldCipher.open(r.source, for: .reportSource, on: req.db)
        let summary = try await req.fieldCipher.open(r.summary, for: .reportSummary, on: req.db)
        let page = RecordPage(
            page: PageContext(req, title: r.code), heading: "\(req.t("report_code")) \(r.code)",
            lines: [
                .init(label: req.t("report_kind"), value: req.t(r.kind.localizationKey)),
                .init(label: req.t("report_unit"), value: "\(r.unit.name) (\(r.unit.code))"),
                .init(label: req.t("report_received_on"), value: date(r.receivedOn, req)),
                .init(label: req.t("report_source"), value: source),
                .init(label: req.t("case_category"), value: reference.categoryName(r.category)),
                .init(label: req.t("case_summary"), value: summary ?? ""),
                .init(label: req.t("report_state"), value: req.t(r.state.localizationKey)),
                .init(label: req.t("report_resolution_deadline"), value: date(r.deadlineOn, req)),
            ],
            history: steps.map { step, actor in
                RecordPage.Line(label: req.t(step.kind.localizationKey) + (step.outcome.map { ": " + req.t($0.localizationKey) } ?? ""),
                                value: date(step.on.description, req) + (actor.map { " · \($0)" } ?? ""))
            },
            errors: errors.map { FieldMessages.message($0, req) }, canEdit: try canEdit(req, r.unit) && !next.isEmpty,
            reclassifyAction: nil, article: nil, clause: nil, solveAction: nil,
            actions: next.map { Choice(value: $0, label: req.t("report_action_\($0)")) }, actionPath: "/records/reports/\(r.code.pathSegment)/actions",
            outcomes: [CrimeReportOutcome.prosecute, .noProsecution].map { Choice(value: $0.rawValue, label: req.t($0.localizationKey)) },
            today: req.today.description)
        return try await req.page("crime-records/record", page)
    }

    func reportAction(req: Request) async throws -> Response {
        let row = try await req.readableReport()
        let form = try req.content.decode([String: String].self)
        do {
            try await RecordEditing(request: req).apply(form["action"] ?? "", date: form["date"], outcome: form["outcome"], to: row)
            return req.redirect(to: "/records/reports/\(row.code.pathSegment)")
        } catch let error as RecordFormError {
            return try await renderReport(req, row, errors: error.errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    // MARK: Reclassifications

    func reclassifications(req: Request) async throws -> View {
        let scope = try await req.defaultScope()
        let periodText = (try req.queryText("period")) ?? KPIReport.currentYear(today: req.today)
        guard let period = ReportingPeriod(periodText) else { throw Abort(.badRequest, reason: req.t("error.malformed-period")) }
        let downgrades = (try req.queryText("downgrades")) == "1"
        var query = Scope(scope).filter(CaseReclassification.query(on: req.db), path: \.$unitPath)
            .filter(\.$month >= period.months.lowerBound.code).filter(\.$month <= period.months.upperBound.code)
        if downgrades { query = query.filter(\.$isDowngrade == true) }
        let rows = try await query.sort(\.$isDowngrade, .descending).sort(\.$at, .descending).with(\.$criminalCase).limit(500).all()
        let names = try await OrgUnit.names(of: Set(rows.map(\.communeCode)), on: req.db)
        let counts = Dictionary(grouping: rows, by: \.communeCode).map { code, list in
            Choice(value: names[code] ?? code, label: "\(list.count) (\(list.filter(\.isDowngrade).count) \(req.t("reclassify_downgrades_short")))")
        }.sorted { $0.value < $1.value }
        var reasons: [String] = []
        for r in rows { reasons.append(try await req.fieldCipher.open(r.reason, for: .reclassificationReason, on: req.db)) }
        let page = ReclassificationsPage(
            page: PageContext(req, title: req.t("reclassify_title")), periodLabel: DashboardPage.label(of: period, req), period: period.description,
            downgradesOnly: downgrades,
            rows: zip(rows, reasons).map { r, reason in
                .init(at: Formatting.date(CalendarDate(r.at), req.language), caseCode: r.criminalCase.code,
                      caseLink: "/records/cases/\(r.criminalCase.code.pathSegment)", commune: names[r.communeCode] ?? r.communeCode,
                      before: "\(r.beforeArticle).\(r.beforeClause) · \(req.t(r.beforeSeverity.localizationKey))",
                      after: "\(r.afterArticle).\(r.afterClause) · \(req.t(r.afterSeverity.localizationKey))",
                      reason: reason, actor: r.actor, downgrade: r.isDowngrade)
            },
            countsByCommune: counts)
        return try await req.page("crime-records/reclassifications", page)
    }
}
