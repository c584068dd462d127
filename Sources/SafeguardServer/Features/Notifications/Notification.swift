import Fluent
import Foundation
import SafeguardCore

/// Thông báo: an in-app message to a unit about one of its assignments — a reminder (sắp đến hạn /
/// quá hạn, `Reminder`), created once per assignment and kind by the daily reminder run, or the
/// lead unit's return of a finished part (`returned`) — or about one of its periodic reports: its
/// deadline is near or past, or the standing office returned it (`report-…`) — or about its yearly
/// movement self-assessment, the same way (`assessment-…`).
final class Notification: Model, @unchecked Sendable {
    static let schema = "notifications"

    @ID(key: .id) var id: UUID?
    @OptionalParent(key: "assignment_id") var assignment: Assignment?
    /// For a report notice: the form, the period and the form's title.
    @OptionalField(key: "form_code") var formCode: String?
    @OptionalField(key: "period") var period: String?
    @OptionalField(key: "title") var title: String?
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
    /// A report returned by the standing office; reports' deadline reminders are `report-` + `Reminder`.
    static let reportReturned = "report-returned"
    static func report(_ reminder: Reminder) -> String { "report-\(reminder.rawValue)" }
    /// The `form_code` of a notice about the movement self-assessment (its `period` is the year).
    static let assessmentForm = "movement-assessment"
    static let assessmentReturned = "assessment-returned"
    static func assessment(_ reminder: Reminder) -> String { "assessment-\(reminder.rawValue)" }

    /// What it is about, for lists and messages (the assignment must be loaded for a task notice).
    var subject: String { title ?? assignment?.title ?? "" }

    /// Where the unit acts on it.
    var link: String {
        if formCode == Self.assessmentForm, let period { return "/assessments/\(unitCode)?year=\(period)" }
        if formCode == Self.personForm, let period { return "/people/\(period)" }
        if let formCode, let period { return "/reports/\(formCode)/\(period)" }
        return "/tasks/\($assignment.id?.uuidString ?? "")"
    }

    /// A new message to a unit about its report on `form` for `period`.
    static func about(report form: ReportForm, period: ReportingPeriod, unit: OrgUnit, kind: String) -> Notification {
        let n = Notification()
        n.formCode = form.code
        n.period = period.description
        n.title = "\(form.title) — \(period)"
        n.unitCode = unit.code
        n.unitPath = unit.path
        n.provinceCode = unit.provinceCode
        n.kind = kind
        n.dueOn = form.deadline(for: period).description
        n.deliveryAttempts = 0
        return n
    }

    /// A new message to a unit about its movement self-assessment for `year`.
    static func about(assessmentOf unitCode: String, path: String, province: String, subject: CriteriaSet.Subject, year: Int, kind: String) -> Notification {
        let n = Notification()
        n.formCode = assessmentForm
        n.period = String(year)
        n.title = "Tự đánh giá, phân loại phong trào toàn dân bảo vệ ANTQ năm \(year)"
        (n.unitCode, n.unitPath, n.provinceCode, n.kind) = (unitCode, path, province, kind)
        n.dueOn = Assessment.deadline(for: subject, year: year).description
        n.deliveryAttempts = 0
        return n
    }

    /// The `form_code` of a notice that a person under management was handed over to the unit
    /// (`period` holds the record's code — never a name); its due day is when the person must present.
    static let personForm = "managed-person"
    static let personMovedIn = "person-moved-in"

    static func person(_ reminder: Reminder) -> String { "person-\(reminder.rawValue)" }

    /// A new message to the unit receiving a person under management.
    static func about(personMovedIn code: String, to unit: OrgUnit, due: CalendarDate) -> Notification {
        about(person: code, title: "Tiếp nhận người được quản lý chuyển đến — hồ sơ \(code)", unit: unit, due: due, kind: personMovedIn)
    }

    /// A reminder of a person's statutory clock to the managing unit.
    static func about(person code: String, clock: ManagementClock, unit: OrgUnit, due: CalendarDate, kind: String) -> Notification {
        about(person: code, title: title(clock, code: code), unit: unit, due: due, kind: kind)
    }

    static func title(_ clock: ManagementClock, code: String) -> String {
        let name = switch clock {
        case .residenceCheck: "Xác minh nơi cư trú"
        case .managementEnd: "Kết thúc thời hạn quản lý"
        case .moveNotice: "Thông báo cho nơi đến"
        case .presentAtNewPlace: "Trình diện tại nơi đến"
        }
        return "\(name) — hồ sơ \(code)"
    }

    private static func about(person code: String, title: String, unit: OrgUnit, due: CalendarDate, kind: String) -> Notification {
        let n = Notification()
        n.formCode = personForm
        n.period = code
        n.title = title
        (n.unitCode, n.unitPath, n.provinceCode, n.kind) = (unit.code, unit.path, unit.provinceCode, kind)
        n.dueOn = due.description
        n.deliveryAttempts = 0
        return n
    }

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
