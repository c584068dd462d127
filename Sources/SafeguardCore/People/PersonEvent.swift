import Foundation

/// Diễn biến quản lý: what happens to a person on a register, in the order it happened. Events are
/// only ever added; the clocks (`PersonObligations`) and figures (`PeopleFigures`) read them.
public enum PersonEventKind: String, Sendable, Codable, CaseIterable {
    /// Nhận thông báo của trại giam: the prison's notice of a release reached the commune police.
    case noticeReceived = "notice-received"
    /// Xác minh nơi cư trú (Circular 10/2024/TT-BCA).
    case residenceChecked = "residence-checked"
    /// Tiếp nhận, gặp gỡ và ký cam kết.
    case intake
    /// Gặp gỡ, trao đổi, nắm tình hình.
    case contact
    /// Hỗ trợ: vocational training, a loan under Decision 22/2023/QĐ-TTg, a job, counselling (`SupportKind`).
    case support
    /// Vi phạm: a breach of the obligations of management.
    case violation
    /// Tái phạm: a new offence, linked to a case record.
    case reoffending
    /// Báo chuyển nơi cư trú: the person reported a move; the record goes to the receiving commune.
    case moveReported = "move-reported"
    /// Trình diện nơi đến: the person presented at the police of the new place.
    case presented
    /// Khai báo tạm vắng.
    case absenceDeclared = "absence-declared"
    /// Kết thúc quản lý.
    case managementEnded = "management-ended"

    public var localizationKey: String { "person.event.\(rawValue)" }

    /// The events a user records from the person's page (a move has its own form, which hands the record over).
    public static let recordable: [PersonEventKind] = [.noticeReceived, .residenceChecked, .intake, .contact, .support, .violation,
                                                      .reoffending, .presented, .absenceDeclared, .managementEnded]
}

/// Hình thức hỗ trợ tái hòa nhập (Decree 49/2020/NĐ-CP; Decision 22/2023/QĐ-TTg for loans).
public enum SupportKind: String, Sendable, Codable, CaseIterable {
    case vocationalTraining = "vocational-training"
    case loan
    case job
    case counselling
    case other

    public var localizationKey: String { "person.support.\(rawValue)" }
}

/// One event as the clocks and figures need it: what, when it happened, and when it was recorded.
public struct PersonEvent: Sendable, Equatable {
    public var kind: PersonEventKind
    /// When it happened (for a notice or a move report, the moment the clock starts).
    public var at: Date
    /// When it was entered in Safeguard — for a move, the moment the receiving commune was notified.
    public var recordedAt: Date
    public var support: SupportKind?

    public init(_ kind: PersonEventKind, at: Date, recordedAt: Date? = nil, support: SupportKind? = nil) {
        self.kind = kind
        self.at = at
        self.recordedAt = recordedAt ?? at
        self.support = support
    }
}
