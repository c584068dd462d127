/// Kế hoạch của đơn vị: a department's or commune's own plan under the city plan, as its form
/// states it — the city tasks it takes up, its own tasks, and, to issue it, its number, date and signer.
public struct UnitPlanDraft: Sendable, Equatable {
    public var cityTasks: [String]
    public var ownTasks: String?
    public var number: String?
    public var issuedOn: String?
    public var signer: String?

    public init(cityTasks: [String], ownTasks: String?, number: String?, issuedOn: String?, signer: String?) {
        self.cityTasks = cityTasks
        self.ownTasks = ownTasks
        self.number = number
        self.issuedOn = issuedOn
        self.signer = signer
    }

    public struct Valid: Sendable, Equatable {
        public var cityTasks: [String]
        /// One task a line, blank lines dropped.
        public var ownTasks: [String]
        public var number: String?
        public var issuedOn: CalendarDate?
        public var signer: String?
    }

    /// A draft needs some work in it; issuing also needs the number, a date not after `today` and
    /// the signer ("số, ngày, người ký" of an official document). Every problem at once; city task
    /// codes outside `known` are refused.
    public func validate(issuing: Bool, known: Set<String>, today: CalendarDate) -> Result<Valid, FieldErrors> {
        var errors: [FieldError] = []
        let own = (ownTasks ?? "").split(whereSeparator: \.isNewline).map { String($0).trimmed }.filter { !$0.isEmpty }
        let codes = Array(Set(cityTasks.map(\.trimmed).filter { !$0.isEmpty })).sorted()
        for code in codes where !known.contains(code) { errors.append(FieldError("tasks", .unknownValue(code))) }
        if codes.isEmpty && own.isEmpty { errors.append(FieldError("tasks", .required)) }
        if own.contains(where: { $0.count > 2000 }) { errors.append(FieldError("own_tasks", .outOfRange("≤ 2000"))) }
        let number = number?.trimmed, signer = signer?.trimmed
        var date: CalendarDate?
        if issuing {
            if number?.isEmpty ?? true { errors.append(FieldError("number", .required)) }
            if signer?.isEmpty ?? true { errors.append(FieldError("signer", .required)) }
            date = FieldParsing.date(issuedOn, field: "issued_on", required: true, errors: &errors)
            if let d = date, d > today { errors.append(FieldError("issued_on", .dateInFuture(d.description))) }
        }
        guard errors.isEmpty else { return .failure(FieldErrors(errors)) }
        return .success(Valid(cityTasks: codes, ownTasks: own, number: number.flatMap { $0.isEmpty ? nil : $0 },
                              issuedOn: date, signer: signer.flatMap { $0.isEmpty ? nil : $0 }))
    }
}
