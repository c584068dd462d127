import Fluent
import SafeguardCore
import Vapor

/// Vụ án hình sự: a criminal case, placed in a unit, classified by Penal Code article and clause.
///
/// Severity and category are derived from the article table and category mapping
/// (`Resources/Data/penal-code`) when the case is recorded; changing them later goes through
/// `CaseReclassification`. `*_month` columns hold the statistical month (`yyyymm`) so that every
/// reporting period is a range scan.
final class CriminalCase: Model, @unchecked Sendable {
    static let schema = "criminal_cases"

    @ID(key: .id) var id: UUID?
    /// Số vụ án: the unit's own reference, unique.
    @Field(key: "code") var code: String
    @Field(key: "article") var article: Int
    @Field(key: "clause") var clause: Int
    @Field(key: "severity") var severity: CrimeSeverity
    @Field(key: "category") var category: String
    @Parent(key: "unit_id") var unit: OrgUnit
    /// Copy of the unit's path, for subtree filters without joins.
    @Field(key: "unit_path") var unitPath: String
    /// The province, so that province totals include units outside the commune tree (city bodies).
    @Field(key: "province_code") var provinceCode: String
    /// The commune-level unit the case belongs to (for per-commune tables).
    @Field(key: "commune_code") var communeCode: String
    @Field(key: "occurred_on") var occurredOn: String
    @Field(key: "discovered_on") var discoveredOn: String
    @Field(key: "discovered_month") var discoveredMonth: Int
    /// Day number of the Monday of the discovery's week (`StatisticalWeek`), for weekly series.
    @OptionalField(key: "discovered_week") var discoveredWeek: Int?
    @OptionalField(key: "solved_on") var solvedOn: String?
    @OptionalField(key: "solved_month") var solvedMonth: Int?
    @Field(key: "suspects") var suspects: Int
    @OptionalField(key: "summary") var summary: String?
    @OptionalField(key: "latitude") var latitude: Double?
    @OptionalField(key: "longitude") var longitude: Double?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

/// Ghi nhận thay đổi phân loại: every change of a case's article, clause, severity or category,
/// with the reason — pressure to downgrade offences is the known failure of target-driven
/// statistics (CompStat), so it must be visible.
final class CaseReclassification: Model, @unchecked Sendable {
    static let schema = "case_reclassifications"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var criminalCase: CriminalCase
    @Field(key: "at") var at: Date
    /// The statistical month of the change, for counts per period.
    @Field(key: "month") var month: Int
    @Field(key: "actor") var actor: String
    @Field(key: "reason") var reason: String
    @Field(key: "unit_path") var unitPath: String
    @Field(key: "commune_code") var communeCode: String
    @Field(key: "before_article") var beforeArticle: Int
    @Field(key: "before_clause") var beforeClause: Int
    @Field(key: "before_severity") var beforeSeverity: CrimeSeverity
    @Field(key: "before_category") var beforeCategory: String
    @Field(key: "after_article") var afterArticle: Int
    @Field(key: "after_clause") var afterClause: Int
    @Field(key: "after_severity") var afterSeverity: CrimeSeverity
    @Field(key: "after_category") var afterCategory: String
    /// Less serious than before, or moved out of the social-order category the 12% target counts.
    @Field(key: "is_downgrade") var isDowngrade: Bool

    init() {}
}
