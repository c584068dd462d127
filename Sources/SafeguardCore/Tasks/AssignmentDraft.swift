/// Giao nhiệm vụ: a unit's piece of work as a form or an API call states it — what to do, who
/// answers for it, by when, and what result is expected ("rõ người, rõ việc, rõ tiến độ, rõ kết quả").
public struct AssignmentDraft: Sendable, Equatable {
    public var title: String?
    public var responsible: String?
    public var due: String?
    public var expectedResult: String?

    public init(title: String?, responsible: String?, due: String?, expectedResult: String?) {
        self.title = title
        self.responsible = responsible
        self.due = due
        self.expectedResult = expectedResult
    }

    /// A checked draft.
    public struct Valid: Sendable, Equatable {
        public var title: String
        public var responsible: String
        public var due: CalendarDate
        public var expectedResult: String
    }

    /// Every problem at once, each naming its field (`title`, `responsible`, `due`, `expected`). A
    /// deadline before `today` is refused: work is not assigned late from the start.
    public func validate(today: CalendarDate) -> Result<Valid, FieldErrors> {
        var errors: [FieldError] = []
        func text(_ value: String?, _ field: String, limit: Int) -> String {
            let trimmed = value?.trimmed ?? ""
            if trimmed.isEmpty { errors.append(FieldError(field, .required)) }
            if trimmed.count > limit { errors.append(FieldError(field, .outOfRange("≤ \(limit)"))) }
            return trimmed
        }
        let title = text(title, "title", limit: 500)
        let responsible = text(responsible, "responsible", limit: 200)
        let expected = text(expectedResult, "expected", limit: 1000)
        let due = FieldParsing.date(due, field: "due", required: true, errors: &errors)
        if let due, due < today { errors.append(FieldError("due", .dateInPast(due.description))) }
        guard errors.isEmpty, let due else { return .failure(FieldErrors(errors)) }
        return .success(Valid(title: title, responsible: responsible, due: due, expectedResult: expected))
    }
}
