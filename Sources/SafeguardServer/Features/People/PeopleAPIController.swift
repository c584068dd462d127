import Fluent
import SafeguardCore
import Vapor

/// `/api/v1/people`: the registers as JSON under the pages' rules (`PeopleRegister`) — lists with
/// initials, a person opened only with `?reason=` (written in the audit log with the reading), the
/// same checks and transactions for a new person, an event, a move and the access list.
struct PeopleAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let people = routes.grouped("people")
        people.get(use: list)
        people.post(use: create)
        people.get("due", use: due)
        people.get("figures", use: figures)
        people.get(":code", use: one)
        people.post(":code", "events", use: event)
        people.post(":code", "move", use: move)
        people.put(":code", "access", use: access)
    }

    private func code(_ req: Request) throws -> String {
        guard let code = req.parameters.get("code"), code.count <= 40 else { throw Abort(.notFound, reason: req.t("error.person-not-found")) }
        return code
    }

    private func refusal(_ errors: [FieldError], _ req: Request) -> FieldRefusal {
        FieldRefusal(errors.map { FieldRefusal.Problem($0, req, labels: PeopleController.labels) })
    }

    private func kind(_ req: Request) throws -> ManagedPersonKind? {
        guard let text = try req.queryText("kind") else { return nil }
        guard let kind = ManagedPersonKind(rawValue: text) else { throw InvalidParameter("kind", .unknownValue(text), on: req) }
        return kind
    }

    private func scope(_ req: Request) async throws -> OrgUnit {
        let scope = try await req.listScope()
        try req.authorize(.readPeople(unit: scope.code), on: scope)
        return scope
    }

    /// `?unit=&kind=&closed=true`, paged.
    func list(req: Request) async throws -> Response {
        let scope = try await scope(req)
        let closed: Bool
        switch try req.queryText("closed") {
        case nil, "false": closed = false
        case "true": closed = true
        case let other?: throw InvalidParameter("closed", .unknownValue(other), on: req)
        }
        let register = PeopleRegister(req: req)
        let people = try await register.list(in: scope, kind: try kind(req), open: !closed)
        let paging = try Paging(req)
        var rows: [PersonSummaryDTO] = []
        for p in people.dropFirst(paging.offset).prefix(paging.perPage) {
            rows.append(PersonSummaryDTO(code: p.code, kind: p.kind, unit: p.unit.code, initials: try await register.unsealedIdentity(p)?.initials ?? "",
                                         startedOn: p.startedOn, endsOn: p.endsOn, closedOn: p.closedOn, restricted: p.restricted))
        }
        let response = try await rows.encodeResponse(for: req)
        paging.describe(response, total: people.count, for: req)
        return response
    }

    func create(req: Request) async throws -> Response {
        let fields = try req.content.decode(PersonInput.self).fields
        var errors: [FieldError] = []
        let (notice, helper) = PeopleController.extras(fields, errors: &errors)
        switch PeopleController.draft(fields).validate(today: req.today, limits: req.application.referenceData.statutoryLimits) {
        case .failure(let e): throw refusal(e.errors + errors, req)
        case .success(let valid):
            guard errors.isEmpty else { throw refusal(errors, req) }
            do {
                let person = try await PeopleRegister(req: req).register(valid, helper: helper, noticeAt: notice?.startInVietnam)
                let response = try await detail(person, req, reason: nil).encodeResponse(status: .created, for: req)
                response.headers.replaceOrAdd(name: .location, value: "/api/v1/people/\(person.code)")
                return response
            } catch PeopleRegister.Failure.invalid(let e) { throw refusal(e, req) }
        }
    }

    /// `?reason=` one of `management`, `verification`, `handover`, `inspection`: required, and audited.
    func one(req: Request) async throws -> PersonDTO {
        guard let text = try req.queryText("reason") else { throw InvalidParameter("reason", .required, on: req) }
        guard let reason = PeopleRegister.AccessReason(rawValue: text) else { throw InvalidParameter("reason", .unknownValue(text), on: req) }
        let person = try await PeopleRegister(req: req).readable(try code(req))
        return try await detail(person, req, reason: reason)
    }

    /// The person in full; `reason` nil for the one who just wrote it (the creation's audit entry covers it).
    private func detail(_ person: ManagedPerson, _ req: Request, reason: PeopleRegister.AccessReason?) async throws -> PersonDTO {
        let register = PeopleRegister(req: req)
        let identity: ManagedPerson.Identity?
        if let reason { identity = try await register.identity(of: person, reason: reason) } else { identity = try await register.unsealedIdentity(person) }
        let events = try await register.events(of: person)
        var eventDTOs: [PersonDTO.Event] = []
        for e in events {
            eventDTOs.append(.init(kind: e.kind, at: e.happenedAt, recordedAt: e.recordedAt, unit: e.unitCode, recordedBy: e.recordedBy,
                                   detail: try await register.detail(of: e), supportKind: e.supportKind, supportResult: e.supportResult,
                                   caseCode: e.caseCode, toUnit: e.toUnit, untilOn: e.untilOn))
        }
        return PersonDTO(
            code: person.code, kind: person.kind, unit: person.unit.code,
            identity: identity.map { .init(fullName: $0.fullName, birthDate: $0.birthDate, idNumber: $0.idNumber, address: $0.address) },
            basisNumber: try await register.basisNumber(of: person), basisDate: person.basisDate, basisIssuer: person.basisIssuer,
            startedOn: person.startedOn, endsOn: person.endsOn, endSource: person.endSource, helper: try await register.helper(of: person),
            closedOn: person.closedOn, restricted: person.restricted, anonymisedOn: person.anonymisedOn,
            clocks: register.obligations(of: person, events: events).map {
                .init(clock: $0.clock, startedAt: $0.startedAt, deadlineDay: $0.deadline.day.description, deadlineAt: $0.deadline.moment,
                      doneAt: $0.doneAt, status: $0.status, source: $0.source, needsVerification: $0.needsVerification)
            },
            events: eventDTOs,
            sameIdentity: try await register.sameIdentity(as: person).map { .init(code: $0.code, kind: $0.kind, unit: $0.unit.code, closed: $0.isClosed) })
    }

    private func apply(_ req: Request, kind: String?) async throws -> Response {
        let register = PeopleRegister(req: req)
        let person = try await register.editable(try code(req))
        let input = try req.content.decode(PersonEventInput.self)
        let fields = input.fields
        switch PeopleController.eventDraft(fields, kind: kind).validate(startedOn: CalendarDate(iso: person.startedOn) ?? req.today, now: req.now) {
        case .failure(let e): throw refusal(e.errors, req)
        case .success(let event):
            if kind == nil, event.kind == .moveReported { throw refusal([FieldError("kind", .notAllowed)], req) }
            do { try await register.record(event, on: person, newAddress: input.newAddress) } catch PeopleRegister.Failure.invalid(let e) { throw refusal(e, req) }
            let moved = event.kind == .moveReported
            let summary = PersonSummaryDTO(code: person.code, kind: person.kind, unit: person.unit.code, initials: "", startedOn: person.startedOn,
                                           endsOn: person.endsOn, closedOn: person.closedOn, restricted: person.restricted)
            return try await summary.encodeResponse(status: moved ? .ok : .created, for: req)
        }
    }

    func event(req: Request) async throws -> Response { try await apply(req, kind: nil) }

    /// Hands the record to `toUnit`; the caller no longer sees it afterwards.
    func move(req: Request) async throws -> Response { try await apply(req, kind: PersonEventKind.moveReported.rawValue) }

    struct AccessInput: Content {
        var mode: String?
        var users: [String]?
    }

    func access(req: Request) async throws -> HTTPStatus {
        let register = PeopleRegister(req: req)
        let person = try await register.editable(try code(req))
        let input = try req.content.decode(AccessInput.self)
        guard let text = input.mode, let mode = PersonAccessRule.Mode(rawValue: text) else {
            throw refusal([FieldError("mode", input.mode == nil ? .required : .unknownValue(input.mode!))], req)
        }
        let users = input.users ?? []
        guard users.count <= 50, users.allSatisfy({ $0.count <= 100 }) else { throw refusal([FieldError("users", .outOfRange(String(users.count)))], req) }
        do { try await register.restrict(person, mode: mode, usernames: users) } catch PeopleRegister.Failure.invalid(let e) { throw refusal(e, req) }
        return .noContent
    }

    func due(req: Request) async throws -> [DueClockDTO] {
        try await PeopleRegister(req: req).due(in: try await scope(req)).map { d in
            DueClockDTO(code: d.person.code, initials: d.initials, unit: d.person.unit.code, clock: d.clock.clock, deadlineDay: d.clock.deadline.day.description,
                        deadlineAt: d.clock.deadline.moment, status: d.clock.status, source: d.clock.source)
        }
    }

    /// `?unit=&asOf=` (a day, today by default).
    func figures(req: Request) async throws -> PeopleFiguresDTO {
        let scope = try await req.listScope()
        // Figures name nobody: whoever reads the unit's records reads them (leaders included).
        try req.authorize(.readUnitRecords(unit: scope.code), on: scope)
        let day = try req.queryDate("asOf") ?? req.today
        return PeopleFiguresDTO(unit: scope.code, try await PeopleRegister(req: req).figures(in: scope, asOf: day))
    }
}
