import Fluent
import Foundation

/// Thông báo: an in-app message to a unit about one of its assignments — a reminder (sắp đến hạn /
/// quá hạn, `Reminder`), created once per assignment and kind by the daily reminder run, or the
/// lead unit's return of a finished part (`returned`).
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
    /// Sent out by e-mail / webhook (`NotificationDelivery`): claim and delivery times in seconds since 1970.
    @OptionalField(key: "delivery_claimed_at") var deliveryClaimedAt: Int?
    @Field(key: "delivery_attempts") var deliveryAttempts: Int
    @OptionalField(key: "delivered_at") var deliveredAt: Int?
    @OptionalField(key: "delivery_error") var deliveryError: String?

    init() {}

    /// The kind of a part returned by the lead unit (the others are `Reminder`'s).
    static let returned = "returned"

    /// A new message to the assignment's unit.
    static func about(_ assignment: Assignment, kind: String) throws -> Notification {
        let n = Notification()
        n.$assignment.id = try assignment.requireID()
        n.unitCode = assignment.unitCode
        n.unitPath = assignment.unitPath
        n.provinceCode = assignment.provinceCode
        n.kind = kind
        n.dueOn = assignment.dueOn
        n.deliveryAttempts = 0
        return n
    }
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
