import SafeguardCore
import Vapor

/// A person in a list: initials, never the name (`PeopleAPIController`).
struct PersonSummaryDTO: Content {
    var code: String
    var kind: ManagedPersonKind
    var unit: String
    var initials: String
    var startedOn: String
    var endsOn: String?
    var closedOn: String?
    var restricted: Bool
}

/// A person opened: who they are, the legal basis, the clocks and the events.
struct PersonDTO: Content {
    struct Identity: Content {
        var fullName: String
        var birthDate: String
        var idNumber: String
        var address: String
    }

    struct Clock: Content {
        var clock: ManagementClock
        var startedAt: Date
        var deadlineDay: String
        var deadlineAt: Date?
        var doneAt: Date?
        var status: TaskStatus
        var source: String
        var needsVerification: Bool
    }

    struct Event: Content {
        var kind: PersonEventKind
        var at: Date
        var recordedAt: Date
        var unit: String
        var recordedBy: String?
        var detail: String?
        var supportKind: SupportKind?
        var supportResult: String?
        var caseCode: String?
        var toUnit: String?
        var untilOn: String?
    }

    /// Another record with the same identity number: its register and unit only.
    struct SameIdentity: Content {
        var code: String
        var kind: ManagedPersonKind
        var unit: String
        var closed: Bool
    }

    var code: String
    var kind: ManagedPersonKind
    var unit: String
    /// nil once anonymised.
    var identity: Identity?
    var basisNumber: String?
    var basisDate: String
    var basisIssuer: String
    var startedOn: String
    var endsOn: String?
    var endSource: String?
    var helper: String?
    var closedOn: String?
    var restricted: Bool
    var anonymisedOn: String?
    var clocks: [Clock]
    var events: [Event]
    var sameIdentity: [SameIdentity]
}

/// A person's draft as the API takes it (the fields of `ManagedPersonDraft`, plus the prison's
/// notice day and the helper).
struct PersonInput: Content {
    var kind: String?
    var fullName: String?
    var birthDate: String?
    var idNumber: String?
    var address: String?
    var unit: String?
    var basisNumber: String?
    var basisDate: String?
    var basisIssuer: String?
    var noticeOn: String?
    var startedOn: String?
    var endsOn: String?
    var helper: String?

    /// As a form's fields, so the page's checks apply unchanged.
    var fields: [String: String] {
        ["kind": kind, "full_name": fullName, "birth_date": birthDate, "id_number": idNumber, "address": address, "unit": unit,
         "basis_number": basisNumber, "basis_date": basisDate, "basis_issuer": basisIssuer, "notice_on": noticeOn, "started_on": startedOn,
         "ends_on": endsOn, "helper": helper].compactMapValues { $0 }
    }
}

struct PersonEventInput: Content {
    var kind: String?
    var happenedOn: String?
    var happenedAt: String?
    var detail: String?
    var supportKind: String?
    var supportResult: String?
    var caseCode: String?
    var untilOn: String?
    var toUnit: String?
    /// For a move: the address at the new place (sealed with the identity).
    var newAddress: String?

    var fields: [String: String] {
        ["kind": kind, "happened_on": happenedOn, "happened_at": happenedAt, "detail": detail, "support_kind": supportKind,
         "support_result": supportResult, "case_code": caseCode, "until_on": untilOn, "to_unit": toUnit].compactMapValues { $0 }
    }
}

/// A clock due, for the due list.
struct DueClockDTO: Content {
    var code: String
    var initials: String
    var unit: String
    var clock: ManagementClock
    var deadlineDay: String
    var deadlineAt: Date?
    var status: TaskStatus
    var source: String
}

/// The registers' figures for a unit's view, with the counts behind every share.
struct PeopleFiguresDTO: Content {
    struct Share: Content {
        var numerator: Int
        var denominator: Int
        var value: Double?
        var lower95: Double?
        var upper95: Double?

        init(_ p: Proportion) {
            (numerator, denominator, value) = (p.numerator, p.denominator, p.value)
            (lower95, upper95) = (p.interval?.lowerBound, p.interval?.upperBound)
        }
    }

    var unit: String
    var asOf: String
    /// Under management on the day, per managing unit and register.
    var managed: [String: [String: Int]]
    var releaseCohortFrom: String
    var releaseCohortTo: String
    var reoffendingWithin12Months: Share
    var withSupport: Share
    var overdueClocks: Int

    init(unit: String, _ f: PeopleFigures) {
        self.unit = unit
        asOf = f.asOf.description
        managed = f.managed.mapValues { Dictionary(uniqueKeysWithValues: $0.map { ($0.key.rawValue, $0.value) }) }
        releaseCohortFrom = f.releaseCohort.lowerBound.description
        releaseCohortTo = f.releaseCohort.upperBound.description
        reoffendingWithin12Months = Share(f.reoffending)
        withSupport = Share(f.supported)
        overdueClocks = f.overdueClocks
    }
}
