import Fluent
import Vapor

/// Kế hoạch: a plan's identity across its revisions (e.g. Hải Phòng's 799 plan for 2026).
final class Plan: Model, @unchecked Sendable {
    static let schema = "plans"

    @ID(key: .id) var id: UUID?
    @Field(key: "key") var key: String
    @Field(key: "year") var year: Int
    @Field(key: "province_code") var provinceCode: String
    @Children(for: \.$plan) var versions: [PlanVersion]

    init() {}

    init(key: String, year: Int, provinceCode: String) {
        self.key = key
        self.year = year
        self.provinceCode = provinceCode
    }
}

/// One imported revision of a plan. Older revisions stay; the highest number is current.
final class PlanVersion: Model, @unchecked Sendable {
    static let schema = "plan_versions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "plan_id") var plan: Plan
    @Field(key: "version") var version: Int
    /// SHA-256 of the canonical content: an identical re-import is recognised and changes nothing.
    @Field(key: "fingerprint") var fingerprint: String
    @Field(key: "number") var number: String
    @Field(key: "issued_on") var issuedOn: String
    @Field(key: "issuer") var issuer: String
    @Field(key: "title") var title: String
    @OptionalField(key: "basis") var basis: String?
    @Field(key: "signer_name") var signerName: String
    @Field(key: "signer_position") var signerPosition: String
    @OptionalField(key: "signer_capacity") var signerCapacity: String?
    /// The whole plan document as canonical JSON, so a revision can be shown or exported exactly as imported.
    @Field(key: "document") var document: String
    @Field(key: "source_name") var sourceName: String
    @Field(key: "imported_by") var importedBy: String
    @Timestamp(key: "imported_at", on: .create) var importedAt: Date?

    init() {}
}

/// Mục tiêu (section I) of one plan revision.
final class PlanPurposeRecord: Model, @unchecked Sendable {
    static let schema = "plan_purposes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "version_id") var version: PlanVersion
    @Field(key: "ordinal") var ordinal: Int
    @Field(key: "code") var code: String
    @Field(key: "text") var text: String

    init() {}
}

/// Chỉ tiêu of one plan revision, in its machine-checkable form.
final class PlanTarget: Model, @unchecked Sendable {
    static let schema = "plan_targets"

    @ID(key: .id) var id: UUID?
    @Parent(key: "version_id") var version: PlanVersion
    @Field(key: "ordinal") var ordinal: Int
    @Field(key: "code") var code: String
    @Field(key: "text") var text: String
    @Field(key: "metric") var metric: String
    @Field(key: "comparison") var comparison: String
    @Field(key: "threshold") var threshold: Double
    @Field(key: "unit") var unit: String
    @OptionalField(key: "baseline_year") var baselineYear: Int?
    /// Comma-separated severities for case-based targets; empty for all.
    @Field(key: "severities") var severities: String
    /// The rate's definition (`RateDefinition`): comma-separated terms, "-" subtracts; nil for the standard one.
    @OptionalField(key: "numerator") var numerator: String?
    @OptionalField(key: "denominator") var denominator: String?
    @OptionalField(key: "definition_source") var definitionSource: String?

    init() {}
}

/// A group or sub-group heading of section II.
final class PlanSectionRecord: Model, @unchecked Sendable {
    static let schema = "plan_sections"

    @ID(key: .id) var id: UUID?
    @Parent(key: "version_id") var version: PlanVersion
    @Field(key: "ordinal") var ordinal: Int
    @Field(key: "code") var code: String
    @OptionalField(key: "parent_code") var parentCode: String?
    @Field(key: "title") var title: String

    init() {}
}

/// Nhiệm vụ of section II (or one of its numbered items).
final class PlanTask: Model, @unchecked Sendable {
    static let schema = "plan_tasks"

    @ID(key: .id) var id: UUID?
    @Parent(key: "version_id") var version: PlanVersion
    @Field(key: "ordinal") var ordinal: Int
    @Field(key: "code") var code: String
    @Field(key: "section_code") var sectionCode: String
    @OptionalField(key: "group_code") var groupCode: String?
    @OptionalField(key: "parent_code") var parentCode: String?
    @Field(key: "text") var text: String
    /// The plan's own words on who does it.
    @Field(key: "agencies_text") var agenciesText: String
    @Field(key: "footnotes") var footnotes: String
    @Children(for: \.$task) var agencies: [PlanTaskAgency]

    init() {}
}

/// One unit's part in a task: chủ trì (lead) or phối hợp (coordinating).
final class PlanTaskAgency: Model, @unchecked Sendable {
    static let schema = "plan_task_agencies"

    enum Part: String, Codable, Sendable { case lead, coordinating }

    @ID(key: .id) var id: UUID?
    @Parent(key: "task_id") var task: PlanTask
    @Parent(key: "unit_id") var unit: OrgUnit
    @Field(key: "part") var part: Part

    init() {}

    init(taskID: UUID, unitID: UUID, part: Part) {
        self.$task.id = taskID
        self.$unit.id = unitID
        self.part = part
    }
}

/// Tổ chức thực hiện (section III) of one plan revision.
final class PlanDutyRecord: Model, @unchecked Sendable {
    static let schema = "plan_duties"

    @ID(key: .id) var id: UUID?
    @Parent(key: "version_id") var version: PlanVersion
    @Field(key: "ordinal") var ordinal: Int
    @Field(key: "code") var code: String
    @Field(key: "text") var text: String
    /// Codes of the responsible units, comma-separated.
    @Field(key: "responsible") var responsible: String

    init() {}
}
