/// Kế hoạch của đơn vị: a department's or commune's own plan under the city plan, as its form
/// states it — the city tasks it takes up, the city targets it adopts with its own threshold, its
/// own tasks and targets, and, to issue it, its number, date and signer.
public struct UnitPlanDraft: Sendable, Equatable {
    public var cityTasks: [String]
    public var ownTasks: String?
    /// Adopted city targets: code → the unit's threshold as typed ("15", "85,5").
    public var targets: [String: String]
    /// The unit's own targets, one a line.
    public var ownTargets: String?
    public var number: String?
    public var issuedOn: String?
    public var signer: String?

    public init(cityTasks: [String], ownTasks: String?, targets: [String: String] = [:], ownTargets: String? = nil,
                number: String?, issuedOn: String?, signer: String?) {
        self.cityTasks = cityTasks
        self.ownTasks = ownTasks
        self.targets = targets
        self.ownTargets = ownTargets
        self.number = number
        self.issuedOn = issuedOn
        self.signer = signer
    }

    /// An adopted city target with the unit's threshold.
    public struct AdoptedTarget: Sendable, Equatable {
        public var code: String
        public var threshold: Double
    }

    public struct Valid: Sendable, Equatable {
        public var cityTasks: [String]
        /// One task a line, blank lines dropped.
        public var ownTasks: [String]
        /// In the city plan's order.
        public var targets: [AdoptedTarget]
        public var ownTargets: [String]
        public var number: String?
        public var issuedOn: CalendarDate?
        public var signer: String?
    }

    /// Whether `threshold` asks at least as much as the city's target: a unit may promise more
    /// (≥ 15% fewer crimes where the city asks 12%), never less.
    public static func isAtLeastAsStrict(_ threshold: Double, as parent: Target) -> Bool {
        switch parent.comparison {
        case .atLeast, .greaterThan: threshold >= parent.threshold
        case .atMost, .lessThan: threshold <= parent.threshold
        case .equal: threshold == parent.threshold
        }
    }

    /// A draft needs some work in it; issuing also needs the number, a date not after `today` and
    /// the signer ("số, ngày, người ký" of an official document). Every problem at once; city task
    /// codes outside `known` and target codes outside `cityTargets` are refused; an adopted target's
    /// threshold must be a number at least as strict as the city's.
    public func validate(issuing: Bool, known: Set<String>, cityTargets: [Target] = [], today: CalendarDate) -> Result<Valid, FieldErrors> {
        var errors: [FieldError] = []
        var adopted: [AdoptedTarget] = []
        for code in targets.keys.sorted() where !cityTargets.contains(where: { $0.id == code }) { errors.append(FieldError("targets", .unknownValue(code))) }
        for target in cityTargets {
            guard let text = targets[target.id]?.trimmed else { continue }
            guard let value = Double(text.replacingOccurrences(of: ",", with: ".")), value.isFinite else {
                errors.append(FieldError("targets", .malformedNumber("\(target.id): \(text)")))
                continue
            }
            guard Self.isAtLeastAsStrict(value, as: target) else {
                let parent = NumberText.plain(target.threshold)
                errors.append(FieldError("targets", .looserThanParent("\(target.id): \(text) / \(target.comparison.symbol) \(parent)")))
                continue
            }
            adopted.append(AdoptedTarget(code: target.id, threshold: value))
        }
        let ownGoals = (ownTargets ?? "").split(whereSeparator: \.isNewline).map { String($0).trimmed }.filter { !$0.isEmpty }
        if ownGoals.contains(where: { $0.count > 1000 }) { errors.append(FieldError("own_targets", .outOfRange("≤ 1000"))) }
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
        return .success(Valid(cityTasks: codes, ownTasks: own, targets: adopted, ownTargets: ownGoals, number: number.flatMap { $0.isEmpty ? nil : $0 },
                              issuedOn: date, signer: signer.flatMap { $0.isEmpty ? nil : $0 }))
    }
}
