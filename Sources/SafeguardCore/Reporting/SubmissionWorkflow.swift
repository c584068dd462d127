/// Trạng thái báo cáo: a unit's report for a period moves draft → submitted → approved, or back to
/// returned (with the reviewer's reason) and, corrected, submitted again. Approved data is locked;
/// a later correction reopens it (a reviewer's act, with a reason, audited) as a draft.
public enum SubmissionState: String, Codable, Sendable, CaseIterable {
    case draft, submitted, returned, approved

    public enum Action: String, Sendable, CaseIterable {
        /// Gửi: the unit sends it up (from a draft or a returned report).
        case submit
        /// Duyệt: the level above accepts it.
        case approve
        /// Trả lại: the level above sends it back with a reason.
        case giveBack = "return"
        /// Mở lại: a correction after approval.
        case reopen
    }

    /// Who may act: the reporting unit or the level that reviews it.
    public enum Actor: Sendable { case reporter, reviewer }

    public enum Refusal: Error, Equatable, Sendable {
        /// The action does not apply in this state (e.g. approving a draft).
        case notNow(state: SubmissionState, action: Action)
        case notYours(Action)
        /// Returning and reopening need a reason.
        case reasonRequired
    }

    /// Whether the values may be edited: a draft or a returned report only.
    public var isEditable: Bool { self == .draft || self == .returned }

    /// The state after `action` by `actor`, or why not.
    public func applying(_ action: Action, by actor: Actor, reason: String? = nil) -> Result<SubmissionState, Refusal> {
        let needsReviewer = action != .submit
        if needsReviewer != (actor == .reviewer) { return .failure(.notYours(action)) }
        if (action == .giveBack || action == .reopen) && (reason?.trimmed ?? "").isEmpty { return .failure(.reasonRequired) }
        switch (self, action) {
        case (.draft, .submit), (.returned, .submit): return .success(.submitted)
        case (.submitted, .approve): return .success(.approved)
        case (.submitted, .giveBack): return .success(.returned)
        case (.approved, .reopen): return .success(.draft)
        default: return .failure(.notNow(state: self, action: action))
        }
    }
}
