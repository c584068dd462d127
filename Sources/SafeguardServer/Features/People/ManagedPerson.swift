import Fluent
import SafeguardCore
import Vapor

/// Đối tượng quản lý: a person on one of a unit's registers (`ManagedPersonKind`).
///
/// Who they are — name, date of birth, identity number, address — is one sealed value
/// (`identity`, `FieldCipher` purpose `people`); the identity number is also kept as a blind index
/// (`id_index`) so the same person on another register or in another commune is found without
/// opening every row. The decision's number and the assigned helper are sealed too. What is in
/// clear is what the figures and clocks need: the register, the managing unit, the dates.
/// Retention (`RetentionJob`, kind `closed-people`) empties the sealed values and the index of a
/// record closed long enough ago, keeping the row for the figures (`anonymised_on`).
final class ManagedPerson: Model, @unchecked Sendable {
    static let schema = "managed_people"

    @ID(key: .id) var id: UUID?
    /// Mã hồ sơ: an opaque reference (no name, no date of birth in it), for links and the audit log.
    @Field(key: "code") var code: String
    @Field(key: "kind") var kind: ManagedPersonKind
    @Parent(key: "unit_id") var unit: OrgUnit
    @Field(key: "unit_path") var unitPath: String
    @Field(key: "province_code") var provinceCode: String
    @Field(key: "commune_code") var communeCode: String
    /// Sealed `Identity` (JSON); nil once anonymised.
    @OptionalField(key: "identity") var identity: String?
    @OptionalField(key: "id_index") var idIndex: String?
    @OptionalField(key: "basis_number") var basisNumber: String?
    @Field(key: "basis_date") var basisDate: String
    @Field(key: "basis_issuer") var basisIssuer: String
    @Field(key: "started_on") var startedOn: String
    @OptionalField(key: "ends_on") var endsOn: String?
    /// The law the end comes from when the decision gave none.
    @OptionalField(key: "end_source") var endSource: String?
    /// Cán bộ quản lý: the managing officer's account.
    @OptionalParent(key: "officer_id") var officer: User?
    /// Người được giao giúp đỡ (family, organisation), sealed.
    @OptionalField(key: "helper") var helper: String?
    @OptionalField(key: "closed_on") var closedOn: String?
    /// Whether a list of named users is the only one who may open it (`PersonAccessRule`).
    @Field(key: "restricted") var restricted: Bool
    @OptionalField(key: "anonymised_on") var anonymisedOn: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    /// Who the person is, as sealed together in `identity`.
    struct Identity: Codable, Sendable, Equatable {
        var fullName: String
        var birthDate: String
        var idNumber: String
        var address: String

        /// The value stored in `identity`.
        func sealed(by sealer: FieldCipher.Sealer) throws -> String {
            try sealer.seal(String(decoding: try JSONEncoder().encode(self), as: UTF8.self), for: .personIdentity)
        }

        /// Chữ cái đầu: what a list shows until the person is opened ("Nguyễn Văn An" → "N.V.A.").
        var initials: String {
            fullName.split(whereSeparator: \.isWhitespace).compactMap { $0.first.map { String($0).uppercased() + "." } }.joined()
        }
    }

    var isClosed: Bool { closedOn != nil }

    /// The clocks its events start (`PersonObligations`); none once anonymised.
    func obligations(events: [PersonEventRow], limits: StatutoryLimits, calendar: HolidayCalendar, now: Date) -> [PersonObligation] {
        guard let started = CalendarDate(iso: startedOn), anonymisedOn == nil else { return [] }
        return PersonObligations.of(kind: kind, startedOn: started, endsOn: endsOn.flatMap(CalendarDate.init(iso:)), endSource: endSource,
                                    events: events.map(\.event), limits: limits, calendar: calendar, now: now)
    }
}

extension ManagedPerson: UnitScoped {
    static var unitPathField: KeyPath<ManagedPerson, FieldProperty<ManagedPerson, String>> { \.$unitPath }
    static var provinceField: KeyPath<ManagedPerson, FieldProperty<ManagedPerson, String>> { \.$provinceCode }
}

/// Diễn biến: one event of a person's management (`PersonEventKind`), only ever added. A move
/// keeps the units it went from and to, so the history survives the hand-over.
final class PersonEventRow: Model, @unchecked Sendable {
    static let schema = "managed_person_events"

    @ID(key: .id) var id: UUID?
    @Parent(key: "person_id") var person: ManagedPerson
    @Field(key: "kind") var kind: PersonEventKind
    @Field(key: "happened_at") var happenedAt: Date
    @Field(key: "recorded_at") var recordedAt: Date
    /// The managing unit when it was recorded.
    @Field(key: "unit_code") var unitCode: String
    @OptionalField(key: "recorded_by") var recordedBy: String?
    /// Free text about the person: sealed.
    @OptionalField(key: "detail") var detail: String?
    @OptionalField(key: "support_kind") var supportKind: SupportKind?
    @OptionalField(key: "support_result") var supportResult: String?
    /// For re-offending: the case record it is linked to.
    @OptionalField(key: "case_code") var caseCode: String?
    /// For a move: the receiving unit.
    @OptionalField(key: "to_unit") var toUnit: String?
    /// For a temporary absence: the day of return.
    @OptionalField(key: "until_on") var untilOn: String?

    init() {}

    var event: PersonEvent { PersonEvent(kind, at: happenedAt, recordedAt: recordedAt, support: supportKind) }
}

/// Hạn chế truy cập: a person's record restricted to named users (`only`) or closed to named
/// users (`exclude`, for a conflict of interest) — the probation services' "limited access" pattern.
final class PersonAccessRule: Model, @unchecked Sendable {
    static let schema = "managed_person_access"

    enum Mode: String, Codable, Sendable, CaseIterable {
        case only
        case exclude
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "person_id") var person: ManagedPerson
    @Parent(key: "user_id") var user: User
    @Field(key: "mode") var mode: Mode
    @Field(key: "set_by") var setBy: String
    @Field(key: "set_at") var setAt: Date

    init() {}
}
