/// Trạng thái hồ sơ tự đánh giá, phân loại phong trào: where a unit's yearly self-assessment stands.
public enum AssessmentState: String, Codable, Sendable, CaseIterable {
    /// Đang tự chấm: the unit is filling in its scores and evidence.
    case draft
    /// Đã gửi cấp trên: waiting for the level above.
    case submitted
    /// Cấp trên đã thẩm định: reviewed (scores possibly adjusted), waiting for the committee.
    case reviewed
    /// Ban Chỉ đạo đã phê duyệt: the level is final and counts in the targets.
    case approved
    /// Trả lại: sent back to the unit with a reason; it corrects and submits again.
    case returned

    public var localizationKey: String { "assessment.state.\(rawValue)" }

    /// Whether the unit itself may still change its scores and evidence.
    public var isOpenToTheUnit: Bool { self == .draft || self == .returned }

    /// Whether the assessment has a classification to show: once the unit has sent it. While the
    /// unit is still scoring (or correcting) its total is not a verdict — a unit that has entered
    /// nothing would otherwise read "Yếu" — so it is "Chưa đánh giá".
    public var isClassified: Bool { !isOpenToTheUnit }
}

/// The steps of the evaluation (Decision 510: the unit self-assesses and sends its score table to
/// the level above, which reviews it; the committee approves) and which state each leads to.
public enum AssessmentStep: String, Sendable, CaseIterable {
    /// The unit saves its scores.
    case save
    /// The unit sends them to the level above.
    case submit
    /// The level above changes one criterion's points, with a reason.
    case adjust
    /// The level above has finished its review.
    case review
    /// The committee's standing office approves the level.
    case approve
    /// The level above or the committee returns it to the unit, with a reason.
    case `return`
    /// The committee reopens an approved level for another look, with a reason (it stops counting
    /// until approved again).
    case reopen

    /// The state after this step, or nil when the step is not open from `state`.
    public func next(from state: AssessmentState) -> AssessmentState? {
        switch (self, state) {
        case (.save, .draft), (.save, .returned): state
        case (.submit, .draft), (.submit, .returned): .submitted
        case (.adjust, .submitted), (.adjust, .reviewed): state
        case (.review, .submitted): .reviewed
        // A commune's or agency's level above is the committee itself, so it may approve straight away.
        case (.approve, .submitted), (.approve, .reviewed): .approved
        case (.return, .submitted), (.return, .reviewed): .returned
        case (.reopen, .approved): .reviewed
        default: nil
        }
    }
}

/// Đăng ký xây dựng: a unit's registration, in the first quarter, to build "An toàn về an ninh,
/// trật tự" and to strive to be exemplary (điển hình) in the movement (Circular 124/2021; the
/// plan's target "100% xã, phường, đặc khu đăng ký"). A registration after the first quarter is
/// accepted but marked late.
public enum MovementRegistration {
    /// The last day of the first quarter of `year`.
    public static func deadline(year: Int) -> CalendarDate { CalendarDate(year: year, month: 3, day: 31)! }

    public static func isLate(registeredOn day: CalendarDate, year: Int) -> Bool { day > deadline(year: year) }

    /// A registration for `year` made on `today`: only for this year or the next, and for at
    /// least one of the two titles.
    public static func validate(year: Int, safety: Bool, exemplary: Bool, today: CalendarDate) -> Result<Void, FieldErrors> {
        var errors: [FieldError] = []
        if year < today.year || year > today.year + 1 { errors.append(FieldError("year", .outOfRange("\(today.year)–\(today.year + 1)"))) }
        if !safety && !exemplary { errors.append(FieldError("registration", .required)) }
        return errors.isEmpty ? .success(()) : .failure(FieldErrors(errors))
    }
}
