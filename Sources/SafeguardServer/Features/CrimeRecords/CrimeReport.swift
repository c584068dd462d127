import Fluent
import SafeguardCore
import Vapor

/// Tố giác, tin báo về tội phạm, kiến nghị khởi tố: a crime report and its handling.
///
/// The handling steps are the record (`HandlingStepStore`); this row keeps what they come to —
/// the state from `CrimeReportLifecycle` and the legal deadline from `ReportDeadlinePolicy` — for
/// lists and filters. `resolved_month` is the statistical month of the decision (khởi tố, không
/// khởi tố) or suspension while it stands; the figures count the steps themselves, so a later
/// resumption never changes a closed period.
final class CrimeReport: Model, @unchecked Sendable {
    static let schema = "crime_reports"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "kind") var kind: CrimeReportKind
    @Field(key: "received_at") var receivedAt: Date
    @Field(key: "received_on") var receivedOn: String
    @Field(key: "received_month") var receivedMonth: Int
    @Parent(key: "unit_id") var unit: OrgUnit
    @Field(key: "unit_path") var unitPath: String
    /// The province, so that province totals include units outside the commune tree (city bodies).
    @Field(key: "province_code") var provinceCode: String
    @Field(key: "commune_code") var communeCode: String
    /// Nguồn: who or what brought the information (người dân, cơ quan, báo chí…).
    @Field(key: "source") var source: String
    @Field(key: "category") var category: String
    @OptionalField(key: "summary") var summary: String?
    @Field(key: "state") var state: CrimeReportState
    @OptionalField(key: "registered_on") var registeredOn: String?
    @OptionalField(key: "registered_month") var registeredMonth: Int?
    @Field(key: "extensions") var extensions: Int
    @OptionalField(key: "suspended_on") var suspendedOn: String?
    @OptionalField(key: "resumed_on") var resumedOn: String?
    @OptionalField(key: "decided_on") var decidedOn: String?
    @OptionalField(key: "outcome") var outcome: CrimeReportOutcome?
    @OptionalField(key: "resolved_month") var resolvedMonth: Int?
    /// Ngày chuyển cơ quan có thẩm quyền.
    @OptionalField(key: "transferred_on") var transferredOn: String?
    /// Hạn giải quyết while open.
    @OptionalField(key: "deadline_on") var deadlineOn: String?
    /// Hạn chuyển cơ quan điều tra (24 h, 48 h for remote and island units).
    @Field(key: "transfer_due_at") var transferDueAt: Date
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}
