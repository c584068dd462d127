import Fluent
import Foundation
import SafeguardCore

/// Mô hình phong trào in the registry (`ModelDraft`); `origin` links a copy to the model it replicates.
final class MovementModelRecord: Model, @unchecked Sendable {
    static let schema = "movement_models"

    @ID(key: .id) var id: UUID?
    @Field(key: "unit_code") var unitCode: String
    @Field(key: "unit_path") var unitPath: String
    @Field(key: "province_code") var provinceCode: String
    @Field(key: "name") var name: String
    @Field(key: "field") var field: ModelField
    /// Comma-separated, as listed.
    @Field(key: "technology") var technology: String
    @Field(key: "started_on") var startedOn: String
    @Field(key: "status") var status: ModelStatus
    @Field(key: "members") var members: Int
    @Field(key: "results") var results: String
    @OptionalParent(key: "origin_id") var origin: MovementModelRecord?
    @Field(key: "created_by") var createdBy: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(_ valid: ModelDraft.Valid, unit: OrgUnit, origin: UUID?, by actor: String) {
        (unitCode, unitPath, provinceCode) = (unit.code, unit.path, unit.provinceCode)
        (name, field, technology, startedOn) = (valid.name, valid.field, valid.technology.joined(separator: ", "), valid.startedOn.description)
        (status, members, results, createdBy) = (.active, valid.members, valid.results, actor)
        $origin.id = origin
    }
}

/// Đánh giá hiệu quả: a periodic review of a model.
final class MovementModelReview: Model, @unchecked Sendable {
    static let schema = "movement_model_reviews"

    enum Rating: String, Codable, Sendable, CaseIterable { case effective, partly, ineffective }

    @ID(key: .id) var id: UUID?
    @Parent(key: "model_id") var model: MovementModelRecord
    @Field(key: "reviewed_on") var reviewedOn: String
    @Field(key: "rating") var rating: Rating
    @Field(key: "note") var note: String
    @Field(key: "by") var by: String

    init() {}
}
