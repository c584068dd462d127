import Fluent
import Foundation

/// Kế hoạch của đơn vị: a department's, mass organisation's or locality's own plan under the city
/// plan (section III.1 asks each for one). A revision is a new row (`version` + 1): an issued plan
/// is never changed in place, so what was signed stays readable.
final class UnitPlan: Model, @unchecked Sendable {
    static let schema = "unit_plans"

    enum Status: String, Codable, Sendable { case draft, issued }

    @ID(key: .id) var id: UUID?
    @Field(key: "unit_code") var unitCode: String
    @Field(key: "unit_path") var unitPath: String
    @Field(key: "province_code") var provinceCode: String
    /// The city plan it implements.
    @Field(key: "parent_plan_key") var parentPlanKey: String
    @Field(key: "version") var version: Int
    @Field(key: "status") var status: Status
    @OptionalField(key: "number") var number: String?
    @OptionalField(key: "issued_on") var issuedOn: String?
    @OptionalField(key: "signer") var signer: String?
    @Field(key: "created_by") var createdBy: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    @Children(for: \.$plan) var tasks: [UnitPlanTask]
    @Children(for: \.$plan) var targets: [UnitPlanTarget]

    init() {}
}

/// One task of a unit's plan: a city task it takes up (linked by code, with its part), or its own.
final class UnitPlanTask: Model, @unchecked Sendable {
    static let schema = "unit_plan_tasks"

    @ID(key: .id) var id: UUID?
    @Parent(key: "plan_id") var plan: UnitPlan
    @Field(key: "ordinal") var ordinal: Int
    /// The city task it implements; nil for the unit's own task.
    @OptionalField(key: "parent_task_code") var parentTaskCode: String?
    /// lead / coordinating for a city task, own for the unit's.
    @Field(key: "part") var part: String
    @Field(key: "text") var text: String

    init() {}
}

/// Chỉ tiêu of a unit's plan: a city target it adopts with its own threshold (at least as strict as
/// the city's, `UnitPlanDraft.isAtLeastAsStrict`), or its own target in words.
final class UnitPlanTarget: Model, @unchecked Sendable {
    static let schema = "unit_plan_targets"

    @ID(key: .id) var id: UUID?
    @Parent(key: "plan_id") var plan: UnitPlan
    @Field(key: "ordinal") var ordinal: Int
    /// The city target it adopts (T1…); nil for the unit's own.
    @OptionalField(key: "parent_target_code") var parentTargetCode: String?
    @Field(key: "text") var text: String
    /// For an adopted target: the unit's threshold, compared as the city's target compares.
    @OptionalField(key: "threshold") var threshold: Double?

    init() {}

    init(plan: UUID, ordinal: Int, parent: String?, text: String, threshold: Double?) {
        self.$plan.id = plan
        self.ordinal = ordinal
        self.parentTargetCode = parent
        self.text = text
        self.threshold = threshold
    }
}
