import Fluent
import Foundation
import SafeguardCore

/// An activity a unit held (`OutreachDraft`), with the statistical month it counts in.
final class OutreachEventRecord: Model, @unchecked Sendable {
    static let schema = "outreach_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "unit_code") var unitCode: String
    @Field(key: "unit_path") var unitPath: String
    @Field(key: "province_code") var provinceCode: String
    @Field(key: "kind") var kind: OutreachKind
    @Field(key: "title") var title: String
    @Field(key: "held_on") var heldOn: String
    /// `StatisticalMonth.code` of the day: which month's report counts it.
    @Field(key: "held_month") var heldMonth: Int
    @Field(key: "participants") var participants: Int
    @Field(key: "created_by") var createdBy: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Children(for: \.$event) var files: [OutreachEvidence]

    init() {}
}

/// Minh chứng of an activity: a file checked by content (`EvidenceKind`), kept in the database.
final class OutreachEvidence: Model, EvidenceDescribed, @unchecked Sendable {
    static let schema = "outreach_evidence"

    @ID(key: .id) var id: UUID?
    @Parent(key: "event_id") var event: OutreachEventRecord
    @Field(key: "name") var name: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size") var size: Int
    @Field(key: "sha256") var sha256: String
    @Field(key: "bytes") var bytes: Data

    init() {}
}
