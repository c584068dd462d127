import Fluent
import Foundation

/// Thông báo: an in-app reminder to a unit about one of its assignments (sắp đến hạn / quá hạn),
/// created once per assignment and kind by the daily reminder run.
final class Notification: Model, @unchecked Sendable {
    static let schema = "notifications"

    @ID(key: .id) var id: UUID?
    @Parent(key: "assignment_id") var assignment: Assignment
    @Field(key: "unit_code") var unitCode: String
    @Field(key: "unit_path") var unitPath: String
    @Field(key: "province_code") var provinceCode: String
    @Field(key: "kind") var kind: String
    @Field(key: "due_on") var dueOn: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "read_at") var readAt: Date?

    init() {}
}

/// The claim of one day's reminder run, so one of several instances does it.
final class ReminderRun: RunClaim, @unchecked Sendable {
    static let schema = "reminder_runs"

    @ID(key: .id) var id: UUID?
    @Field(key: "day") var day: String
    @Field(key: "started_at") var startedAt: Date
    @OptionalField(key: "finished_at") var finishedAt: Date?
    @OptionalField(key: "created") var created: Int?

    init() {}
}
