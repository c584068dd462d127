import Fluent
import SafeguardCore
import Vapor

/// Sổ quản lý: every read and write of the people registers, so that the rules hold in one place —
/// the scope (`Scope`, on the managing unit), the policy (`readPeople`/`editPeople`), a person's
/// own access list (`PersonAccessRule`), sealing (`FieldCipher`, purpose `people`), the blind index
/// of the identity number, and an audit entry for every opening, change, move and export. Pages
/// and the API both come through here.
struct PeopleRegister {
    let req: Request

    var db: any Database { req.db }
    private var cipher: FieldCipher { req.fieldCipher }
    private var index: BlindIndex { BlindIndex(master: req.application.masterKey, field: .identityNumber) }

    enum Failure: Error {
        case invalid([FieldError])
    }

    /// Lý do truy cập: why a user opens a person, asked once per session and written in the audit
    /// log — a fixed list, so no free text about anybody lands in the unchangeable log.
    enum AccessReason: String, CaseIterable, Sendable {
        case management
        case verification
        case handover
        case inspection

        var localizationKey: String { "person.reason.\(rawValue)" }
        static let sessionKey = "people.reason"
    }

    // MARK: Reading

    /// The people of `unit`'s view this user may see, newest first — those excluded from a record,
    /// or left off a restricted one, do not see it listed at all.
    func list(in unit: OrgUnit, kind: ManagedPersonKind? = nil, open onlyOpen: Bool = false) async throws -> [ManagedPerson] {
        var query = ManagedPerson.query(in: unit, on: db).with(\.$unit)
        if let kind { query = query.filter(\.$kind == kind) }
        if onlyOpen { query = query.filter(\.$closedOn == nil) }
        let people = try await query.sort(\.$startedOn, .descending).sort(\.$code).all()
        let rules = try await self.rules(for: people.compactMap(\.id))
        let me = try req.user.requireID()
        return people.filter { Self.mayOpen($0, rules: rules[$0.id!] ?? [], user: me) }
    }

    /// A person's own list: nobody excluded, and for a restricted record only the named.
    static func mayOpen(_ person: ManagedPerson, rules: [PersonAccessRule], user: UUID) -> Bool {
        if rules.contains(where: { $0.$user.id == user && $0.mode == .exclude }) { return false }
        return !person.restricted || rules.contains { $0.$user.id == user && $0.mode == .only }
    }

    func rules(for ids: [UUID]) async throws -> [UUID: [PersonAccessRule]] {
        guard !ids.isEmpty else { return [:] }
        var found: [UUID: [PersonAccessRule]] = [:]
        for chunk in ids.chunked() {
            for rule in try await PersonAccessRule.query(on: db).filter(\.$person.$id ~~ chunk).with(\.$user).all() {
                found[rule.$person.id, default: []].append(rule)
            }
        }
        return found
    }

    /// The person with this code if this user may open it: 404 when there is none, 403 otherwise —
    /// the same answer for a person of another commune as for one whose list leaves the user out.
    func readable(_ code: String) async throws -> ManagedPerson {
        guard let person = try await ManagedPerson.query(on: db).filter(\.$code == code).with(\.$unit).with(\.$officer).first() else {
            throw Abort(.notFound, reason: req.t("error.person-not-found"))
        }
        try req.authorize(.readPeople(unit: person.unit.code), on: person.unit)
        let rules = try await PersonAccessRule.query(on: db).filter(\.$person.$id == person.requireID()).all()
        guard Self.mayOpen(person, rules: rules, user: try req.user.requireID()) else { throw Abort(.forbidden, reason: req.t("error.forbidden")) }
        return person
    }

    /// The person as someone with edit rights on the managing unit reaches it.
    func editable(_ code: String) async throws -> ManagedPerson {
        let person = try await readable(code)
        try req.authorize(.editPeople(unit: person.unit.code), on: person.unit)
        return person
    }

    /// Opens who the person is, and writes the reading in the audit log with the reason given.
    func identity(of person: ManagedPerson, reason: AccessReason, action: String = "read") async throws -> ManagedPerson.Identity? {
        try await req.audit(action, "managed-person", key: person.code, detail: "reason=\(reason.rawValue)")
        return try await unsealedIdentity(person)
    }

    /// The sealed identity opened without an audit entry: for callers that wrote one already (an export's single entry).
    func unsealedIdentity(_ person: ManagedPerson) async throws -> ManagedPerson.Identity? {
        guard let sealed = person.identity else { return nil }
        return try JSONDecoder().decode(ManagedPerson.Identity.self, from: Data(try await cipher.open(sealed, for: .personIdentity, on: db).utf8))
    }

    func helper(of person: ManagedPerson) async throws -> String? { try await cipher.open(person.helper, for: .personHelper, on: db) }
    func basisNumber(of person: ManagedPerson) async throws -> String? { try await cipher.open(person.basisNumber, for: .personBasis, on: db) }

    func events(of person: ManagedPerson) async throws -> [PersonEventRow] {
        try await PersonEventRow.query(on: db).filter(\.$person.$id == person.requireID()).sort(\.$happenedAt).sort(\.$recordedAt).all()
    }

    func detail(of event: PersonEventRow) async throws -> String? { try await cipher.open(event.detail, for: .personEventDetail, on: db) }

    /// The person's clocks as they stand now (`PersonObligations`).
    func obligations(of person: ManagedPerson, events: [PersonEventRow]) -> [PersonObligation] {
        let reference = req.application.referenceData
        return person.obligations(events: events, limits: reference.statutoryLimits, calendar: reference.holidays, now: req.now)
    }

    /// The clocks not yet met of the open records this user may see in `unit`'s view, earliest
    /// deadline first (a day limit ends with its day), with each person's initials.
    func due(in unit: OrgUnit) async throws -> [(person: ManagedPerson, initials: String, clock: PersonObligation)] {
        var rows: [(person: ManagedPerson, initials: String, clock: PersonObligation)] = []
        for p in try await list(in: unit, open: true) {
            let initials = try await unsealedIdentity(p)?.initials ?? "—"
            for o in obligations(of: p, events: try await events(of: p)) where !o.status.isDone { rows.append((p, initials, o)) }
        }
        func end(_ d: StatutoryDeadline) -> Date { d.moment ?? d.day.adding(days: 1).startInVietnam }
        return rows.sorted { (end($0.clock.deadline), $0.person.code) < (end($1.clock.deadline), $1.person.code) }
    }

    /// Other records with the same identity number, on any register in any commune: the register
    /// and the managing unit, never who it is.
    func sameIdentity(as person: ManagedPerson) async throws -> [ManagedPerson] {
        guard let idIndex = person.idIndex else { return [] }
        return try await ManagedPerson.query(on: db).filter(\.$idIndex == idIndex).filter(\.$id != person.requireID()).with(\.$unit).sort(\.$code).all()
    }

    /// The figures of `unit`'s view — every person, whatever their access list, since no one is named.
    func figures(in unit: OrgUnit, asOf day: CalendarDate) async throws -> PeopleFigures {
        let people = try await ManagedPerson.query(in: unit, on: db).all()
        var events: [UUID: [PersonEventRow]] = [:]
        let ids = people.compactMap(\.id)
        for chunk in ids.chunked() {
            for e in try await PersonEventRow.query(on: db).filter(\.$person.$id ~~ chunk).all() { events[e.$person.id, default: []].append(e) }
        }
        let facts = people.compactMap { p -> PersonFacts? in
            guard let started = CalendarDate(iso: p.startedOn) else { return nil }
            let own = events[p.id!] ?? []
            let overdue = p.isClosed ? 0 : obligations(of: p, events: own).filter { $0.status == .overdue }.count
            return PersonFacts(commune: p.communeCode, kind: p.kind, startedOn: started, closedOn: p.closedOn.flatMap(CalendarDate.init(iso:)),
                               events: own.map(\.event), overdueClocks: overdue)
        }
        return PeopleFigures(facts, asOf: day)
    }

    // MARK: Writing

    /// The unit a person may be managed by: a commune-level unit, or a city body (the City Police).
    func managingUnit(_ code: String) async throws -> OrgUnit? {
        guard let unit = try await OrgUnit.find(code: code, on: db), unit.kind.isLocality || unit.kind == .department else { return nil }
        return unit
    }

    /// Registers a person; with the prison's notice given, the residence-check clock starts from it.
    func register(_ person: ValidManagedPerson, helper: String?, noticeAt: Date?) async throws -> ManagedPerson {
        guard let unit = try await managingUnit(person.unit) else { throw Failure.invalid([FieldError("unit", .unknownUnit(person.unit))]) }
        try req.authorize(.editPeople(unit: unit.code), on: unit)
        return try await registerAll([(person, unit, helper, noticeAt)])[0]
    }

    /// Registers people whose units were checked, all or none, each with an audit entry.
    func registerAll(_ people: [(person: ValidManagedPerson, unit: OrgUnit, helper: String?, noticeAt: Date?)]) async throws -> [ManagedPerson] {
        let sealer = try await cipher.sealer(for: .people, on: db)
        let officer = try req.user.requireID()
        var rows: [(ManagedPerson, PersonEventRow?)] = []
        for p in people {
            let row = try Self.newRow(p.person, in: p.unit, helper: p.helper, officer: officer, sealer: sealer, index: index)
            let notice = try await p.noticeAt.asyncMap { try await newEvent(.init(kind: .noticeReceived, at: $0), person: row, unit: p.unit.code) }
            rows.append((row, notice))
        }
        try await db.writeTransaction { [rows] db in
            for (row, notice) in rows {
                try await row.create(on: db)
                try await notice?.create(on: db)
                try await req.audit("create", "managed-person", key: row.code, detail: "kind=\(row.kind.rawValue) unit=\(row.communeCode)", on: db)
            }
        }
        return rows.map(\.0)
    }

    /// A new person's row, sealed and indexed (also what the demo data loads).
    static func newRow(_ person: ValidManagedPerson, in unit: OrgUnit, helper: String?, officer: UUID?, sealer: FieldCipher.Sealer,
                       index: BlindIndex) throws -> ManagedPerson {
        let identity = ManagedPerson.Identity(fullName: person.fullName, birthDate: person.birthDate.description, idNumber: person.idNumber,
                                              address: person.address)
        let row = ManagedPerson()
        let id = UUID()
        row.id = id
        row.code = "QL-" + id.uuidString.replacingOccurrences(of: "-", with: "").prefix(10)
        row.kind = person.kind
        place(row, in: unit)
        row.identity = try identity.sealed(by: sealer)
        row.idIndex = index.index(of: person.idNumber)
        row.basisNumber = try sealer.seal(person.basisNumber, for: .personBasis)
        row.basisDate = person.basisDate.description
        row.basisIssuer = person.basisIssuer
        row.startedOn = person.startedOn.description
        row.endsOn = person.endsOn?.description
        row.endSource = person.endSource
        row.$officer.id = officer
        row.helper = try helper.map { try sealer.seal($0, for: .personHelper) }
        row.restricted = false
        return row
    }

    private func unit(of code: String) async throws -> UUID? { try await OrgUnit.find(code: code, on: db)?.requireID() }

    static func place(_ row: ManagedPerson, in unit: OrgUnit) {
        row.$unit.id = unit.id!
        row.$unit.value = unit
        row.unitPath = unit.path
        row.provinceCode = unit.provinceCode
        row.communeCode = unit.code
    }

    private func newEvent(_ event: ValidPersonEvent, person: ManagedPerson, unit: String) async throws -> PersonEventRow {
        let row = PersonEventRow()
        row.$person.id = try person.requireID()
        row.kind = event.kind
        row.happenedAt = event.at
        row.recordedAt = req.now
        row.unitCode = unit
        row.recordedBy = try req.user.username
        row.detail = try await event.detail.asyncMap { try await cipher.seal($0, for: .personEventDetail, on: db) }
        row.supportKind = event.supportKind
        row.supportResult = event.supportResult
        row.caseCode = event.caseCode
        row.toUnit = event.toUnit
        row.untilOn = event.untilOn?.description
        return row
    }

    /// Adds an event; ending management closes the record.
    func record(_ event: ValidPersonEvent, on person: ManagedPerson, newAddress: String? = nil) async throws {
        guard event.kind != .moveReported else { try await move(person, event, newAddress: newAddress); return }
        guard !person.isClosed else { throw Failure.invalid([FieldError("kind", .notAllowed)]) }
        // Re-offending links to a case on record (wherever it was recorded: people move).
        if let code = event.caseCode, try await CriminalCase.query(on: db).filter(\.$code == code).count() == 0 {
            throw Failure.invalid([FieldError("case_code", .unknownValue(code))])
        }
        let row = try await newEvent(event, person: person, unit: person.unit.code)
        let me = try req.user
        // After a hand-over the record has no managing officer: the receiving unit's first to record an event takes it.
        let takesOver = person.$officer.id == nil && me.role == .communeOfficer
        let unitID = person.$unit.id
        try await db.writeTransaction { db in
            // Judged again on the locked row: a move or an end recorded a moment ago wins.
            let fresh = try await db.locked(person)
            guard fresh.closedOn == nil, fresh.$unit.id == unitID else { throw Abort(.conflict, reason: req.t("error.conflict")) }
            try await row.create(on: db)
            if takesOver { person.$officer.id = try me.requireID() }
            if event.kind == .managementEnded { person.closedOn = CalendarDate(event.at).description }
            if takesOver || event.kind == .managementEnded { try await person.save(on: db) }
            try await req.audit("record", "managed-person", key: person.code, detail: "event=\(event.kind.rawValue)", on: db)
        }
    }

    /// Bàn giao: the person reported a move; the record leaves this unit's view for the receiving
    /// unit's, which is notified at once (the moment that meets the 24-hour notice), history kept.
    /// The managing officer is the receiving unit's to assign; the new address, when given, replaces the old.
    func move(_ person: ManagedPerson, _ event: ValidPersonEvent, newAddress: String? = nil) async throws {
        guard !person.isClosed else { throw Failure.invalid([FieldError("kind", .notAllowed)]) }
        var problems: [FieldError] = []
        let address = FieldParsing.text(newAddress, field: "new_address", required: false, maxLength: 500, errors: &problems)
        guard problems.isEmpty else { throw Failure.invalid(problems) }
        guard let code = event.toUnit, let target = try await managingUnit(code) else {
            throw Failure.invalid([FieldError("to_unit", .unknownUnit(event.toUnit ?? ""))])
        }
        guard target.code != person.unit.code else { throw Failure.invalid([FieldError("to_unit", .notAllowed)]) }
        let from = person.unit.code
        let row = try await newEvent(event, person: person, unit: from)
        let limits = req.application.referenceData
        let presentBy = limits.statutoryLimits.limit(.presentAtNewPlace, on: CalendarDate(event.at))?
            .deadline(after: event.at, calendar: limits.holidays).day ?? req.today
        let notice = Notification.about(personMovedIn: person.code, to: target, due: presentBy)
        Self.place(person, in: target)
        person.$officer.id = nil
        if let address, var identity = try await unsealedIdentity(person) {
            identity.address = address
            person.identity = try identity.sealed(by: try await cipher.sealer(for: .people, on: db))
        }
        let unitID = try await unit(of: from)
        let wasRestricted = person.restricted
        // The old unit's access list names its own officers: at the receiving unit it would lock the
        // record away from everyone, so it ends with the move (and the audit entry says so).
        person.restricted = false
        try await db.writeTransaction { db in
            let fresh = try await db.locked(person)
            guard fresh.closedOn == nil, fresh.$unit.id == unitID else { throw Abort(.conflict, reason: req.t("error.conflict")) }
            let lifted = try await PersonAccessRule.query(on: db).filter(\.$person.$id == person.requireID()).count()
            try await PersonAccessRule.query(on: db).filter(\.$person.$id == person.requireID()).delete()
            try await row.create(on: db)
            try await person.save(on: db)
            try await notice.create(on: db)
            try await req.audit("move", "managed-person", key: person.code,
                                detail: "from=\(from) to=\(target.code)" + (lifted > 0 || wasRestricted ? " access-list-lifted=\(lifted)" : ""), on: db)
        }
    }

    /// Sets a person's access list: `only` the named users (the one setting it is always among
    /// them, so nobody locks a record away from everyone), or `exclude` them; an empty list lifts it.
    func restrict(_ person: ManagedPerson, mode: PersonAccessRule.Mode, usernames: [String]) async throws {
        var users: [User] = []
        for name in Set(usernames) {
            guard let user = try await User.query(on: db).filter(\.$username == name).first() else {
                throw Failure.invalid([FieldError("users", .unknownValue(name))])
            }
            users.append(user)
        }
        let me = try req.user
        if mode == .only, !users.isEmpty, !users.contains(where: { $0.id == me.id }) { users.append(me) }
        if mode == .exclude, users.contains(where: { $0.id == me.id }) { throw Failure.invalid([FieldError("users", .notAllowed)]) }
        let now = req.now
        let rows = try users.map { user in
            let rule = PersonAccessRule()
            rule.$person.id = try person.requireID()
            rule.$user.id = try user.requireID()
            rule.mode = mode
            rule.setBy = me.username
            rule.setAt = now
            return rule
        }
        let names = users.map(\.username).sorted().joined(separator: ",")
        try await db.writeTransaction { db in
            try await PersonAccessRule.query(on: db).filter(\.$person.$id == person.requireID()).filter(\.$mode == mode).delete()
            for rule in rows { try await rule.create(on: db) }
            if mode == .only {
                person.restricted = !rows.isEmpty
                try await person.save(on: db)
            }
            try await req.audit("restrict", "managed-person", key: person.code, detail: "\(mode.rawValue)=\(names)", on: db)
        }
    }
}
