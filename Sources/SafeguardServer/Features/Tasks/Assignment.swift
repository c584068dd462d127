import Fluent
import Foundation
import SafeguardCore

/// Phân công nhiệm vụ: one unit's piece of work with a person answering for it, a deadline and the
/// expected result. Its status (hoàn thành đúng hạn / quá hạn, đang thực hiện, chưa hoàn thành quá
/// hạn) is computed from the dates by `TaskStatus`, never stored. It comes from an early-warning
/// alert today; plan tasks and units' own tasks use the same table.
final class Assignment: Model, @unchecked Sendable {
    static let schema = "assignments"

    enum Source: String, Codable, Sendable { case alert, plan, own }

    @ID(key: .id) var id: UUID?
    @Field(key: "source") var source: Source
    @OptionalParent(key: "alert_id") var alert: Alert?
    @Field(key: "unit_code") var unitCode: String
    @Field(key: "unit_path") var unitPath: String
    @Field(key: "province_code") var provinceCode: String
    @Field(key: "title") var title: String
    @Field(key: "responsible") var responsible: String
    /// yyyy-mm-dd, as every civil date here.
    @Field(key: "due_on") var dueOn: String
    @Field(key: "expected_result") var expectedResult: String
    @OptionalField(key: "completed_on") var completedOn: String?
    @Field(key: "progress") var progress: Int
    /// Completion needs at least one evidence file unless this is false.
    @Field(key: "requires_evidence") var requiresEvidence: Bool
    @Field(key: "created_by") var createdBy: String
    /// For work from a plan: the plan, its task, the unit's part (lead / coordinating) and the
    /// recurrence code (`Recurrence.code`); one row per occurrence.
    @OptionalField(key: "plan_key") var planKey: String?
    @OptionalField(key: "task_code") var taskCode: String?
    @OptionalField(key: "part") var part: String?
    @OptionalField(key: "recurrence") var recurrence: String?
    /// A coordinating part's confirmation by the lead unit (`PartConfirmation`): the day and who.
    @OptionalField(key: "confirmed_on") var confirmedOn: String?
    @OptionalField(key: "confirmed_by") var confirmedBy: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    func status(today: CalendarDate) -> TaskStatus {
        TaskStatus.classify(due: CalendarDate(iso: dueOn), completedOn: completedOn.flatMap(CalendarDate.init(iso:)), today: today)
    }

    /// Sắp đến hạn: unfinished and due within `days` days (`Settings.dueSoonDays`).
    func isDueSoon(today: CalendarDate, days: Int) -> Bool {
        TaskStatus.isDueSoon(due: CalendarDate(iso: dueOn), completedOn: completedOn.flatMap(CalendarDate.init(iso:)), today: today, days: days)
    }

    var confirmation: PartConfirmation {
        PartConfirmation.of(part: part, completedOn: completedOn.flatMap(CalendarDate.init(iso:)), confirmedOn: confirmedOn.flatMap(CalendarDate.init(iso:)))
    }

    /// The other units' parts in the same occurrence of the same plan task (`part`: lead or coordinating).
    func siblings(_ part: String, on db: any Database) -> QueryBuilder<Assignment> {
        Assignment.query(on: db).filter(\.$planKey == planKey).filter(\.$taskCode == taskCode).filter(\.$dueOn == dueOn)
            .filter(\.$part == part).filter(\.$id != (id ?? UUID()))
    }
}
