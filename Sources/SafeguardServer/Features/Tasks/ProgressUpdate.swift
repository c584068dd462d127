import Fluent
import Foundation
import SafeguardCore
import Vapor

/// Báo cáo tiến độ: one report on an assignment — what was done, how far along, whether it
/// completes the work — with its evidence files. Reports are never edited: a correction is a new one.
final class ProgressUpdate: Model, @unchecked Sendable {
    static let schema = "progress_updates"

    @ID(key: .id) var id: UUID?
    @Parent(key: "assignment_id") var assignment: Assignment
    @Field(key: "at") var at: Date
    @Field(key: "actor") var actor: String
    @Field(key: "text") var text: String
    @Field(key: "percent") var percent: Int
    @Field(key: "completes") var completes: Bool
    @Children(for: \.$update) var files: [EvidenceFile]

    init() {}
}

/// Minh chứng: a file of a progress report with its SHA-256, only ever sent back as an attachment.
/// Its bytes are in the database (`EvidenceContent`), not on a disk: several app instances share
/// one database and no disk, a backup of the database holds the evidence, and a report and its
/// files are stored in one transaction — all or nothing.
final class EvidenceFile: Model, @unchecked Sendable {
    static let schema = "evidence_files"

    @ID(key: .id) var id: UUID?
    @Parent(key: "update_id") var update: ProgressUpdate
    @Field(key: "name") var name: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size") var size: Int
    @Field(key: "sha256") var sha256: String

    init() {}
}

/// A stored evidence file's description — name, type, size, digest — the same for every record
/// that keeps files (progress reports, activities, self-assessments).
protocol EvidenceDescribed: AnyObject {
    var name: String { get set }
    var contentType: String { get set }
    var size: Int { get set }
    var sha256: String { get set }
}

extension EvidenceDescribed {
    /// Describes a file checked by content (`ProgressReporting.check`).
    func describe(name: String, kind: EvidenceKind, bytes: [UInt8]) {
        self.name = name
        contentType = kind.contentType
        size = bytes.count
        sha256 = SHA256.hash(data: bytes).hex
    }
}

extension EvidenceFile: EvidenceDescribed {}

/// The bytes of an evidence file, apart from its description so lists never load them.
final class EvidenceContent: Model, @unchecked Sendable {
    static let schema = "evidence_contents"

    /// The `EvidenceFile`'s id.
    @ID(custom: "id", generatedBy: .user) var id: UUID?
    @Field(key: "bytes") var bytes: Data

    init() {}

    init(id: UUID, bytes: Data) {
        self.id = id
        self.bytes = bytes
    }
}
