import Fluent
import SafeguardCore
import Vapor

/// `/people`: the registers of people under management (plan section II.2.a–b) — lists that show
/// initials only, a person's page opened with a reason asked once per session, the events and
/// moves that hand a record to another commune, the access list, the clocks due and the
/// standing office's watermarked export. Every read goes through `PeopleRegister`.
struct PeopleController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let people = routes.grouped("people")
        people.get(use: list)
        people.get("new", use: newPerson)
        people.post(use: create)
        people.get("due", use: due)
        people.get("export.xlsx", use: export)
        people.post("reason", use: giveReason)
        people.get("import", use: importForm)
        people.on(.POST, "import", body: .collect(maxSize: ImportController.maximumSize), use: importList).collecting(ImportController.maximumSize)
        people.get(":code", use: show)
        people.post(":code", "events", use: recordEvent)
        people.post(":code", "move", use: move)
        people.post(":code", "access", use: restrict)
    }

    /// The people forms' labels for their fields, for error messages ("«Họ và tên»: Bắt buộc nhập").
    static let labels: [String: String] = [
        "kind": "people_kind", "full_name": "people_full_name", "birth_date": "people_birth_date", "id_number": "people_id_number",
        "address": "people_address", "unit": "case_unit", "basis_number": "people_basis_number", "basis_date": "people_basis_date",
        "basis_issuer": "people_basis_issuer", "notice_on": "people_notice_on", "started_on": "people_started_on", "ends_on": "people_ends_on",
        "helper": "people_helper", "happened_on": "people_happened_on", "happened_at": "people_happened_at", "detail": "people_detail",
        "support_kind": "people_support_kind", "support_result": "people_support_result", "case_code": "people_case_code",
        "until_on": "people_until_on", "to_unit": "people_to_unit", "new_address": "people_new_address", "users": "people_access_users",
        "mode": "people_access_mode",
    ]

    private func code(_ req: Request) throws -> String {
        guard let code = req.parameters.get("code"), !code.isEmpty, code.count <= 40 else { throw Abort(.notFound, reason: req.t("error.person-not-found")) }
        return code
    }

    // MARK: Lists

    func list(req: Request) async throws -> View {
        let scope = try await req.listScope()
        try req.authorize(.readPeople(unit: scope.code), on: scope)
        let kind = try req.queryText("kind").flatMap(ManagedPersonKind.init(rawValue:))
        let showClosed = try req.queryText("closed") == "1"
        let register = PeopleRegister(req: req)
        let people = try await register.list(in: scope, kind: kind, open: !showClosed)
        let paging = try Paging(req, standard: 100, maximum: 500)
        var rows: [ListPage.Row] = []
        for p in people.dropFirst(paging.offset).prefix(paging.perPage) {
            rows.append(.init(code: p.code, initials: try await register.unsealedIdentity(p)?.initials ?? "—", kind: req.t(p.kind.localizationKey),
                              unit: p.unit.name, startedOn: Formatting.date(iso: p.startedOn, req.language),
                              endsOn: Formatting.date(iso: p.endsOn, req.language), closed: p.isClosed, restricted: p.restricted))
        }
        let figures = try await register.figures(in: scope, asOf: req.today)
        return try await req.page("people/list", ListPage(
            page: PageContext(req, title: req.t("people_title")), unitName: scope.name,
            kinds: ManagedPersonKind.allCases.map { Choice(value: $0.rawValue, label: req.t($0.localizationKey), selected: $0 == kind) },
            showClosed: showClosed, rows: rows, figures: Self.facts(figures, req),
            canCreate: (try? mayImport(req)) != nil,
            canExport: try req.allows(.exportPeople, on: scope)))
    }

    static func facts(_ f: PeopleFigures, _ req: Request) -> [Fact] {
        func share(_ p: Proportion) -> String {
            guard let value = p.value, let ci = p.interval else { return "— (0/0)" }
            return "\(Formatting.percent(value, req.language)) (\(p.numerator)/\(p.denominator); KTC 95%: \(Formatting.percent(ci.lowerBound, req.language))–\(Formatting.percent(ci.upperBound, req.language)))"
        }
        return ManagedPersonKind.allCases.map { Fact(label: req.t($0.localizationKey), value: String(f.managed($0)), note: nil) } + [
            Fact(label: req.t("people_fig_reoffending"), value: share(f.reoffending),
                 note: req.t("people_fig_reoffending_note") + " \(Formatting.date(f.releaseCohort.lowerBound, req.language))–\(Formatting.date(f.releaseCohort.upperBound, req.language))."),
            Fact(label: req.t("people_fig_supported"), value: share(f.supported), note: req.t("people_fig_supported_note")),
            Fact(label: req.t("people_fig_overdue"), value: String(f.overdueClocks), note: nil),
        ]
    }

    func due(req: Request) async throws -> View {
        let scope = try await req.listScope()
        try req.authorize(.readPeople(unit: scope.code), on: scope)
        let rows = try await PeopleRegister(req: req).due(in: scope).map { d in
            DuePage.Row(code: d.person.code, initials: d.initials, unit: d.person.unit.name, clock: req.t(d.clock.clock.localizationKey),
                        deadline: Self.deadline(d.clock.deadline, req), status: req.t("task_status_\(d.clock.status.rawValue)"),
                        statusClass: d.clock.status == .overdue ? "late" : "", source: d.clock.source)
        }
        return try await req.page("people/due", DuePage(page: PageContext(req, title: req.t("people_due_title")), unitName: scope.name, rows: rows))
    }

    static func deadline(_ d: StatutoryDeadline, _ req: Request) -> String {
        d.moment.map { Formatting.moment($0, req.language) } ?? Formatting.date(d.day, req.language)
    }

    // MARK: Registering

    private func form(_ req: Request, values: [String: String] = [:], errors: [FieldError] = []) async throws -> View {
        let own = try req.user.unit
        func field(_ name: String, _ label: String, type: String = "text", required: Bool = false, options: [Choice]? = nil, hint: String? = nil) -> RecordFormPage.Field {
            RecordFormPage.Field(name: name, label: req.t(label), value: values[name] ?? "", type: type, required: required, options: options, hint: hint.map(req.t), error: nil)
        }
        var unitField = field("unit", "case_unit", required: true, hint: "people_unit_hint")
        if unitField.value.isEmpty, let own { unitField.value = own.code }
        let page = RecordFormPage(
            page: PageContext(req, title: req.t("people_new")), heading: req.t("people_new"), action: "/people",
            fields: [
                field("kind", "people_kind", required: true, options: ManagedPersonKind.allCases.map {
                    Choice(value: $0.rawValue, label: req.t($0.localizationKey), selected: values["kind"] == $0.rawValue)
                }),
                field("full_name", "people_full_name", required: true),
                field("birth_date", "people_birth_date", type: "date", required: true),
                field("id_number", "people_id_number", required: true, hint: "people_id_number_hint"),
                field("address", "people_address", required: true),
                unitField,
                field("basis_number", "people_basis_number", required: true, hint: "people_basis_hint"),
                field("basis_date", "people_basis_date", type: "date", required: true),
                field("basis_issuer", "people_basis_issuer", required: true),
                field("notice_on", "people_notice_on", type: "date", hint: "people_notice_hint"),
                field("started_on", "people_started_on", type: "date", required: true),
                field("ends_on", "people_ends_on", type: "date", hint: "people_ends_hint"),
                field("helper", "people_helper"),
            ],
            errors: errors, req, labels: Self.labels)
        return try await req.page("crime-records/record-form", page)
    }

    func newPerson(req: Request) async throws -> View { try await form(req) }

    static func draft(_ f: [String: String]) -> ManagedPersonDraft {
        ManagedPersonDraft(kind: f["kind"], fullName: f["full_name"], birthDate: f["birth_date"], idNumber: f["id_number"], address: f["address"],
                           unit: f["unit"], basisNumber: f["basis_number"], basisDate: f["basis_date"], basisIssuer: f["basis_issuer"],
                           startedOn: f["started_on"], endsOn: f["ends_on"])
    }

    /// The prison's notice day, and what a form's helper field holds, checked beside the draft.
    static func extras(_ f: [String: String], errors: inout [FieldError]) -> (notice: CalendarDate?, helper: String?) {
        let notice = FieldParsing.date(f["notice_on"], field: "notice_on", required: false, errors: &errors)
        let helper = FieldParsing.text(f["helper"], field: "helper", required: false, maxLength: 300, errors: &errors)
        return (notice, helper)
    }

    func create(req: Request) async throws -> Response {
        let values = try req.content.decode([String: String].self)
        var errors: [FieldError] = []
        let (notice, helper) = Self.extras(values, errors: &errors)
        do {
            switch Self.draft(values).validate(today: req.today, limits: req.application.referenceData.statutoryLimits) {
            case .failure(let e): errors = e.errors + errors
            case .success(let valid) where errors.isEmpty:
                let person = try await PeopleRegister(req: req).register(valid, helper: helper, noticeAt: notice?.startInVietnam)
                return req.redirect(to: "/people/\(person.code)")
            case .success: break
            }
        } catch PeopleRegister.Failure.invalid(let e) {
            errors = e
        }
        return try await form(req, values: values, errors: errors).encodeResponse(status: .unprocessableEntity, for: req)
    }

    // MARK: A person

    /// The reason given this session, or nil (the page then asks for it first).
    static func reason(_ req: Request) -> PeopleRegister.AccessReason? {
        req.session.data[PeopleRegister.AccessReason.sessionKey].flatMap(PeopleRegister.AccessReason.init(rawValue:))
    }

    func show(req: Request) async throws -> Response {
        let person = try await PeopleRegister(req: req).readable(try code(req))
        guard let reason = Self.reason(req) else {
            return try await req.page("people/reason", ReasonPage(
                page: PageContext(req, title: req.t("people_reason_title")), code: person.code,
                reasons: PeopleRegister.AccessReason.allCases.map { Choice(value: $0.rawValue, label: req.t($0.localizationKey)) }
            )).encodeResponse(for: req)
        }
        return try await render(req, person, reason: reason).encodeResponse(for: req)
    }

    struct ReasonInput: Content {
        var reason: String
        var code: String
    }

    func giveReason(req: Request) async throws -> Response {
        let input = try req.content.decode(ReasonInput.self)
        guard let reason = PeopleRegister.AccessReason(rawValue: input.reason) else {
            throw FieldRefusal(field: "reason", code: "unknown-value", message: req.t("field.unknown-value"))
        }
        // Checked before it is remembered: a reason is given to open a person this user may open.
        let person = try await PeopleRegister(req: req).readable(String(input.code.prefix(40)))
        req.session.data[PeopleRegister.AccessReason.sessionKey] = reason.rawValue
        return req.redirect(to: "/people/\(person.code)")
    }

    private func render(_ req: Request, _ person: ManagedPerson, reason: PeopleRegister.AccessReason, errors: [FieldError] = [],
                        values: [String: String] = [:]) async throws -> View {
        let register = PeopleRegister(req: req)
        let identity = try await register.identity(of: person, reason: reason)
        let events = try await register.events(of: person)
        let lang = req.language
        var history: [PersonPage.Event] = []
        var units = try await OrgUnit.names(of: Set(events.compactMap(\.toUnit) + events.map(\.unitCode)), on: req.db)
        units[person.unit.code] = person.unit.name
        for e in events {
            var parts: [String] = []
            if let s = e.supportKind { parts.append(req.t(s.localizationKey)) }
            if let r = e.supportResult { parts.append(r) }
            if let c = e.caseCode { parts.append("\(req.t("people_case_code")): \(c)") }
            if let u = e.untilOn { parts.append("\(req.t("people_until_on")): \(Formatting.date(iso: u, lang))") }
            if let to = e.toUnit { parts.append("\(units[e.unitCode] ?? e.unitCode) → \(units[to] ?? to)") }
            if let d = try await register.detail(of: e) { parts.append(d) }
            history.append(.init(when: Formatting.moment(e.happenedAt, lang), kind: req.t(e.kind.localizationKey), text: parts.joined(separator: " · "),
                                 by: "\(e.recordedBy ?? "") · \(Formatting.moment(e.recordedAt, lang))",
                                 link: e.caseCode.map { "/records/cases/\($0.pathSegment)" }))
        }
        let clocks = register.obligations(of: person, events: events).map { o in
            PersonPage.Clock(name: req.t(o.clock.localizationKey), started: Formatting.moment(o.startedAt, lang), deadline: Self.deadline(o.deadline, req),
                             done: o.doneAt.map { Formatting.moment($0, lang) } ?? "", status: req.t("task_status_\(o.status.rawValue)"),
                             statusClass: o.status == .overdue || o.status == .completedLate ? "late" : "",
                             source: o.source.isEmpty ? req.t("people_end_by_decision") : o.source, verify: o.needsVerification)
        }
        let same = try await register.sameIdentity(as: person).map {
            PersonPage.Line(label: "\($0.code) · \(req.t($0.kind.localizationKey))", value: "\($0.unit.name)\($0.isClosed ? " · " + req.t("people_closed") : "")")
        }
        let rules = try await PersonAccessRule.query(on: req.db).filter(\.$person.$id == person.requireID()).with(\.$user).all().map {
            PersonPage.Rule(mode: req.t("people_access_\($0.mode.rawValue)"), user: $0.user.username, by: "\($0.setBy) · \(Formatting.moment($0.setAt, lang))")
        }
        let communes = try await Scope.province(person.provinceCode).filter(OrgUnit.query(on: req.db))
            .filter(\.$kind ~~ [.ward, .commune, .specialZone, .department]).sort(\.$name).all()
        let canEdit = try req.allows(.editPeople(unit: person.unit.code), on: person.unit)
        return try await req.page("people/person", PersonPage(
            page: PageContext(req, title: person.code), code: person.code, initials: identity?.initials ?? "—", kind: req.t(person.kind.localizationKey),
            anonymised: person.anonymisedOn != nil,
            identity: identity.map { i in [
                .init(label: req.t("people_full_name"), value: i.fullName),
                .init(label: req.t("people_birth_date"), value: Formatting.date(iso: i.birthDate, lang)),
                .init(label: req.t("people_id_number"), value: i.idNumber),
                .init(label: req.t("people_address"), value: i.address),
            ] } ?? [],
            management: [
                .init(label: req.t("case_unit"), value: "\(person.unit.name) (\(person.unit.code))"),
                .init(label: req.t("people_basis_number"), value: try await register.basisNumber(of: person) ?? "—"),
                .init(label: req.t("people_basis_date"), value: Formatting.date(iso: person.basisDate, lang)),
                .init(label: req.t("people_basis_issuer"), value: person.basisIssuer),
                .init(label: req.t("people_started_on"), value: Formatting.date(iso: person.startedOn, lang)),
                .init(label: req.t("people_ends_on"), value: person.endsOn.map { Formatting.date(iso: $0, lang) + (person.endSource.map { " — \($0)" } ?? "") } ?? "—"),
                .init(label: req.t("people_officer"), value: person.officer?.displayName ?? "—"),
                .init(label: req.t("people_helper"), value: try await register.helper(of: person) ?? "—"),
                .init(label: req.t("people_status"), value: person.closedOn.map { req.t("people_closed") + " " + Formatting.date(iso: $0, lang) } ?? req.t("people_open")),
            ],
            sameIdentity: same, clocks: clocks, events: history, rules: rules, canEdit: canEdit, closed: person.isClosed,
            eventKinds: PersonEventKind.recordable.map { Choice(value: $0.rawValue, label: req.t($0.localizationKey), selected: values["kind"] == $0.rawValue) },
            supportKinds: SupportKind.allCases.map { Choice(value: $0.rawValue, label: req.t($0.localizationKey), selected: values["support_kind"] == $0.rawValue) },
            units: communes.filter { $0.code != person.unit.code }.map { Choice(value: $0.code, label: $0.name, selected: values["to_unit"] == $0.code) },
            values: values, today: req.today.description, errors: FormErrors(FieldErrors(errors), req, labels: Self.labels)))
    }

    static func eventDraft(_ f: [String: String], kind: String? = nil) -> PersonEventDraft {
        PersonEventDraft(kind: kind ?? f["kind"], happenedOn: f["happened_on"], happenedAt: f["happened_at"], detail: f["detail"],
                         supportKind: f["support_kind"], supportResult: f["support_result"], caseCode: f["case_code"], untilOn: f["until_on"],
                         toUnit: f["to_unit"])
    }

    private func apply(_ req: Request, kind: String?) async throws -> Response {
        let register = PeopleRegister(req: req)
        let person = try await register.editable(try code(req))
        let form = try req.content.decode([String: String].self)
        var errors: [FieldError]
        switch Self.eventDraft(form, kind: kind).validate(startedOn: CalendarDate(iso: person.startedOn) ?? req.today, now: req.now) {
        case .failure(let e): errors = e.errors
        case .success(let event):
            if kind == nil, event.kind == .moveReported { errors = [FieldError("kind", .notAllowed)]; break }
            do {
                try await register.record(event, on: person, newAddress: form["new_address"])
                // After a move the record is the receiving unit's: back to the list.
                return req.redirect(to: event.kind == .moveReported ? "/people" : "/people/\(person.code)")
            } catch PeopleRegister.Failure.invalid(let e) {
                errors = e
            }
        }
        // The identity is shown again only to someone who gave a reason this session.
        guard let reason = Self.reason(req) else { return req.redirect(to: "/people/\(person.code)") }
        return try await render(req, person, reason: reason, errors: errors, values: form).encodeResponse(status: .unprocessableEntity, for: req)
    }

    func recordEvent(req: Request) async throws -> Response { try await apply(req, kind: nil) }

    func move(req: Request) async throws -> Response { try await apply(req, kind: PersonEventKind.moveReported.rawValue) }

    struct AccessInput: Content {
        var mode: String
        var users: String?
    }

    func restrict(req: Request) async throws -> Response {
        let register = PeopleRegister(req: req)
        let person = try await register.editable(try code(req))
        let input = try req.content.decode(AccessInput.self)
        guard let mode = PersonAccessRule.Mode(rawValue: input.mode) else {
            throw FieldRefusal(field: "mode", code: "unknown-value", message: req.t("field.unknown-value"))
        }
        let names = (input.users ?? "").split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init).filter { !$0.isEmpty }
        do {
            try await register.restrict(person, mode: mode, usernames: Array(names.prefix(50)))
        } catch PeopleRegister.Failure.invalid(let e) {
            guard let reason = Self.reason(req) else { return req.redirect(to: "/people/\(person.code)") }
            return try await render(req, person, reason: reason, errors: e).encodeResponse(status: .unprocessableEntity, for: req)
        }
        // A restriction that leaves this user out would make the page a 403: the list instead.
        return req.redirect(to: "/people/\(person.code)")
    }

    // MARK: Import

    struct ImportPage: Encodable {
        var page: PageContext
        var imported: Int?
        var general: String?
        var problems: [String]
        var more: Int
    }

    /// Those who may register people somewhere: the standing office, and officers for their own unit.
    private func mayImport(_ req: Request) throws {
        let user = try req.user
        if user.role == .standingOffice { return }
        guard let unit = user.unit else { throw Abort(.forbidden, reason: req.t("error.forbidden")) }
        try req.authorize(.editPeople(unit: unit.code), on: unit)
    }

    func importForm(req: Request) async throws -> View {
        try mayImport(req)
        return try await req.page("people/import", ImportPage(page: PageContext(req, title: req.t("people_import_title")), imported: nil, general: nil, problems: [], more: 0))
    }

    /// Checks every row and imports all of them, or none and every problem by line and column.
    func importList(req: Request) async throws -> Response {
        try mayImport(req)
        struct Upload: Content { var file: File }
        let data = Data(buffer: try req.content.decode(Upload.self).file.data)
        let title = req.t("people_import_title")
        do {
            let count = try await PeopleImport(req: req).run(data)
            return try await req.page("people/import", ImportPage(page: PageContext(req, title: title), imported: count, general: nil, problems: [], more: 0))
                .encodeResponse(for: req)
        } catch let refused as PeopleImport.Refused {
            let messages = refused.problems.map { $0.message(req.application.localizer, req.language) }
            return try await req.page("people/import", ImportPage(page: PageContext(req, title: title), imported: nil, general: refused.general,
                                                                  problems: Array(messages.prefix(200)), more: max(0, messages.count - 200)))
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    // MARK: Export

    func export(req: Request) async throws -> Response {
        let scope = try await req.listScope()
        try req.authorize(.exportPeople, on: scope)
        let data = try await PeopleExport(req: req).workbook(of: scope)
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response.headers.contentDisposition = .init(.attachment, filename: "nguoi-duoc-quan-ly-\(scope.code).xlsx")
        response.headers.cacheControl = .init(noStore: true)
        return response
    }
}
