import Fluent
import SafeguardCore
import Vapor

/// Phản ánh, tố giác của người dân: a report sent through the public portal.
///
/// Its only key is the receipt, kept as a keyed hash (`receipt_hash`). For a confidential report
/// the reporter (name, contact, identity number) is one sealed value; for an anonymous one there is
/// nothing — no address, no cookie, no device trace is stored for either (`PublicPortalSessions`).
/// The description and place are sealed too. `public_id` is the opaque number the Open311 read
/// API answers to; it says nothing about who sent the report.
final class CitizenReport: Model, @unchecked Sendable {
    static let schema = "citizen_reports"

    @ID(key: .id) var id: UUID?
    @Field(key: "public_id") var publicID: String
    @Field(key: "receipt_hash") var receiptHash: String
    @Field(key: "category") var category: String
    /// The commune where it happened.
    @Field(key: "place_commune") var placeCommune: String
    /// The receiving unit (the commune's police, a department by category, or the city when the
    /// commune has nobody to receive it) — the scope it is listed in.
    @Parent(key: "unit_id") var unit: OrgUnit
    @Field(key: "unit_path") var unitPath: String
    @Field(key: "province_code") var provinceCode: String
    @Field(key: "commune_code") var communeCode: String
    @Field(key: "mode") var mode: ReporterMode
    /// Sealed `Reporter` (JSON) for a confidential report; nil for an anonymous one.
    @OptionalField(key: "reporter") var reporter: String?
    /// Sealed.
    @Field(key: "description") var description: String
    /// Sealed.
    @OptionalField(key: "place") var place: String?
    @OptionalField(key: "occurred_on") var occurredOn: String?
    @OptionalField(key: "latitude") var latitude: Double?
    @OptionalField(key: "longitude") var longitude: Double?
    @Field(key: "state") var state: CitizenReportState
    @Field(key: "received_at") var receivedAt: Date
    @OptionalField(key: "first_answer_at") var firstAnswerAt: Date?
    /// When it must be finished: the crime report's legal deadline once it is one, else the
    /// configured answer time.
    @Field(key: "due_at") var dueAt: Date
    @OptionalField(key: "finished_at") var finishedAt: Date?
    /// The crime report it became.
    @OptionalField(key: "crime_report_code") var crimeReportCode: String?
    /// What the citizen is told when it is resolved, closed or transferred (sealed).
    @OptionalField(key: "outcome_note") var outcomeNote: String?
    /// The citizen's answer, after resolution, to "was it dealt with?": yes, partly, no.
    @OptionalField(key: "feedback") var feedback: String?
    @OptionalField(key: "receipt_confirmed_at") var receiptConfirmedAt: Date?

    init() {}

    struct Reporter: Codable, Sendable, Equatable {
        var name: String
        var contact: String
        var idNumber: String?
    }
}

extension CitizenReport: UnitScoped {
    static var unitPathField: KeyPath<CitizenReport, FieldProperty<CitizenReport, String>> { \.$unitPath }
    static var provinceField: KeyPath<CitizenReport, FieldProperty<CitizenReport, String>> { \.$provinceCode }
}

/// A message between the citizen and the officers. The citizen sees the officers as "Công an
/// phường X", never by name; the officers never see who the citizen is unless the report is
/// confidential. The text is sealed.
final class CitizenMessage: Model, @unchecked Sendable {
    static let schema = "citizen_messages"

    @ID(key: .id) var id: UUID?
    @Parent(key: "report_id") var report: CitizenReport
    @Field(key: "from_citizen") var fromCitizen: Bool
    /// The officer who wrote it (internal; not shown to the citizen).
    @OptionalField(key: "officer") var officer: String?
    @Field(key: "body") var body: String
    @Field(key: "at") var at: Date

    init() {}
}

/// A file a citizen attached: checked by its content (`AttachmentKind`), sealed whole — an image's
/// metadata is kept as evidence, and no public page ever shows the file.
final class CitizenAttachment: Model, @unchecked Sendable {
    static let schema = "citizen_attachments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "report_id") var report: CitizenReport
    @Field(key: "kind") var kind: AttachmentKind
    @Field(key: "size") var size: Int
    @Field(key: "bytes") var bytes: Data

    init() {}
}

/// A proof-of-work challenge already spent, until it expires: a stamp is good once.
final class SpentChallenge: Model, @unchecked Sendable {
    static let schema = "tip_spent_challenges"

    @ID(key: .id) var id: UUID?
    @Field(key: "challenge_hash") var challengeHash: String
    @Field(key: "expires_at") var expiresAt: Date

    init() {}
}
