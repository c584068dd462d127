/// Xác nhận của đơn vị chủ trì: a coordinating unit's part of a plan task counts as done when the
/// unit reports it finished, and the lead unit (chủ trì), which answers for the whole task, either
/// confirms it or returns it with a reason — the part is then unfinished again and its deadline
/// judges it as before. A lead part, and work not from a plan, needs no confirmation.
public enum PartConfirmation: String, Codable, Sendable, Equatable {
    case notNeeded = "not-needed"
    /// Phối hợp, not reported finished yet.
    case unfinished
    /// Chờ đơn vị chủ trì xác nhận.
    case awaiting
    /// Đã được đơn vị chủ trì xác nhận.
    case confirmed

    /// The state of a part from its role in the task (`lead` / `coordinating`) and its dates.
    public static func of(part: String?, completedOn: CalendarDate?, confirmedOn: CalendarDate?) -> PartConfirmation {
        guard part == "coordinating" else { return .notNeeded }
        guard completedOn != nil else { return .unfinished }
        return confirmedOn == nil ? .awaiting : .confirmed
    }

    /// The reason given when a part is returned: required, at most 1,000 characters.
    public static func validateReason(_ text: String?) -> Result<String, FieldErrors> {
        let reason = text?.trimmed ?? ""
        if reason.isEmpty { return .failure(FieldErrors([FieldError("reason", .required)])) }
        if reason.count > 1000 { return .failure(FieldErrors([FieldError("reason", .outOfRange("≤ 1000"))])) }
        return .success(reason)
    }
}
