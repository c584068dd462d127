import Fluent
import Foundation
import SafeguardCore

/// A version of a criteria set (`CriteriaSet`), kept as JSON so an assessment is always read with
/// the version it was scored on.
final class CriteriaSetRecord: Model, @unchecked Sendable {
    static let schema = "criteria_sets"

    @ID(key: .id) var id: UUID?
    @Field(key: "subject") var subject: CriteriaSet.Subject
    @Field(key: "version") var version: Int
    @Field(key: "definition") var definition: String
    @Field(key: "created_by") var createdBy: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(_ set: CriteriaSet, by actor: String) throws {
        subject = set.subject
        version = set.version
        definition = String(decoding: try JSONEncoder().encode(set), as: UTF8.self)
        createdBy = actor
    }

    var set: CriteriaSet {
        get throws { try JSONDecoder().decode(CriteriaSet.self, from: Data(definition.utf8)) }
    }
}

/// Hồ sơ tự đánh giá, phân loại phong trào: one unit's assessment for a year, its state, the
/// criteria version it was scored on, and the total and level as last computed by the core.
final class AssessmentRecord: Model, @unchecked Sendable {
    static let schema = "assessments"

    @ID(key: .id) var id: UUID?
    @Field(key: "unit_code") var unitCode: String
    @Field(key: "unit_path") var unitPath: String
    @Field(key: "province_code") var provinceCode: String
    @Field(key: "year") var year: Int
    @Field(key: "subject") var subject: CriteriaSet.Subject
    @Field(key: "criteria_version") var criteriaVersion: Int
    @Field(key: "state") var state: AssessmentState
    /// The first submission's day (ISO): lateness is judged on it and kept through a return.
    @OptionalField(key: "submitted_on") var submittedOn: String?
    @Field(key: "late") var late: Bool
    @Field(key: "total") var total: Double
    @Field(key: "level") var level: Classification
    @OptionalField(key: "return_reason") var returnReason: String?
    @OptionalField(key: "reviewed_by") var reviewedBy: String?
    @OptionalField(key: "approved_by") var approvedBy: String?
    @Field(key: "updated_by") var updatedBy: String
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

/// The unit's own points on one criterion, with a short note.
final class AssessmentScore: Model, @unchecked Sendable {
    static let schema = "assessment_scores"

    @ID(key: .id) var id: UUID?
    @Parent(key: "assessment_id") var assessment: AssessmentRecord
    @Field(key: "criterion") var criterion: String
    @Field(key: "points") var points: Double
    @Field(key: "note") var note: String

    init() {}
}

/// Điều chỉnh điểm: a reviewer's change to one criterion's points, with the reason; the last one counts.
final class AssessmentAdjustmentRecord: Model, @unchecked Sendable {
    static let schema = "assessment_adjustments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "assessment_id") var assessment: AssessmentRecord
    @Field(key: "criterion") var criterion: String
    @Field(key: "points") var points: Double
    @Field(key: "reason") var reason: String
    @Field(key: "adjusted_by") var adjustedBy: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// Minh chứng for one criterion: a file checked by content (`EvidenceKind`), kept in the database.
final class AssessmentEvidence: Model, EvidenceDescribed, @unchecked Sendable {
    static let schema = "assessment_evidence"

    @ID(key: .id) var id: UUID?
    @Parent(key: "assessment_id") var assessment: AssessmentRecord
    @Field(key: "criterion") var criterion: String
    @Field(key: "name") var name: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size") var size: Int
    @Field(key: "sha256") var sha256: String
    @Field(key: "bytes") var bytes: Data

    init() {}
}

/// Đăng ký xây dựng: a unit's registration for a year (`MovementRegistration`).
final class RegistrationRecord: Model, @unchecked Sendable {
    static let schema = "movement_registrations"

    @ID(key: .id) var id: UUID?
    @Field(key: "unit_code") var unitCode: String
    @Field(key: "unit_path") var unitPath: String
    @Field(key: "province_code") var provinceCode: String
    @Field(key: "year") var year: Int
    /// Xây dựng "An toàn về an ninh, trật tự".
    @Field(key: "safety") var safety: Bool
    /// Phấn đấu đạt điển hình.
    @Field(key: "exemplary") var exemplary: Bool
    @Field(key: "registered_on") var registeredOn: String
    @Field(key: "late") var late: Bool
    @Field(key: "registered_by") var registeredBy: String

    init() {}
}

/// Công nhận "An toàn về an ninh, trật tự" of a residential area for a year: the checklist items
/// it met, decided by its commune; recognised only with every item met.
final class SafetyRecognitionRecord: Model, @unchecked Sendable {
    static let schema = "safety_recognitions"

    @ID(key: .id) var id: UUID?
    @Field(key: "unit_code") var unitCode: String
    @Field(key: "unit_path") var unitPath: String
    @Field(key: "province_code") var provinceCode: String
    @Field(key: "year") var year: Int
    /// Checklist item codes met, comma-separated.
    @Field(key: "met") var met: String
    @Field(key: "recognised") var recognised: Bool
    @Field(key: "decided_by") var decidedBy: String
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var metCodes: Set<String> { Set(met.split(separator: ",").map(String.init)) }
}
