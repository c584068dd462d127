/// A crime report as entered in a form or a row of an import file.
///
/// Columns: `code`, `kind`, `received_on`, `unit`, `source`, `category`, `summary`,
/// `registered_on`, `extensions`, `suspended_on`, `resumed_on`, `decided_on`, `outcome`, `transferred_on`.
/// The handling steps are replayed through `CrimeReportLifecycle`, so a row that the law
/// does not allow (a decision before registration, a resumption of an open report…) is refused.
public struct ReportDraft: Sendable, Equatable {
    public var code: String?
    public var kind: String?
    public var receivedOn: String?
    public var unit: String?
    public var source: String?
    public var category: String?
    public var summary: String?
    public var registeredOn: String?
    public var extensions: String?
    public var suspendedOn: String?
    public var resumedOn: String?
    public var decidedOn: String?
    public var outcome: String?
    /// Ngày chuyển cơ quan có thẩm quyền (instead of a decision).
    public var transferredOn: String?

    public init(code: String? = nil, kind: String? = nil, receivedOn: String? = nil, unit: String? = nil, source: String? = nil,
                category: String? = nil, summary: String? = nil, registeredOn: String? = nil, extensions: String? = nil,
                suspendedOn: String? = nil, resumedOn: String? = nil, decidedOn: String? = nil, outcome: String? = nil,
                transferredOn: String? = nil) {
        self.code = code
        self.kind = kind
        self.receivedOn = receivedOn
        self.unit = unit
        self.source = source
        self.category = category
        self.summary = summary
        self.registeredOn = registeredOn
        self.extensions = extensions
        self.suspendedOn = suspendedOn
        self.resumedOn = resumedOn
        self.decidedOn = decidedOn
        self.outcome = outcome
        self.transferredOn = transferredOn
    }
}

/// A report whose fields and handling steps passed every check that needs no database.
public struct ValidReport: Sendable, Equatable {
    public var code: String
    public var kind: CrimeReportKind
    public var unit: String
    public var source: String
    public var category: String
    public var summary: String?
    public var lifecycle: CrimeReportLifecycle

    public var resolvedMonth: StatisticalMonth? { lifecycle.resolvedMonth }

    public init(code: String, kind: CrimeReportKind, unit: String, source: String, category: String, summary: String?, lifecycle: CrimeReportLifecycle) {
        self.code = code
        self.kind = kind
        self.unit = unit
        self.source = source
        self.category = category
        self.summary = summary
        self.lifecycle = lifecycle
    }
}

extension ReportDraft {
    public func validate(categories: Set<String>, today: CalendarDate) -> Result<ValidReport, FieldErrors> {
        var errors: [FieldError] = []
        let code = FieldParsing.recordCode(self.code, errors: &errors)
        let unit = FieldParsing.text(self.unit, field: "unit", required: true, maxLength: 40, errors: &errors)
        let source = FieldParsing.text(self.source, field: "source", required: true, maxLength: 200, errors: &errors)
        let summary = FieldParsing.text(self.summary, field: "summary", required: false, maxLength: 2000, errors: &errors)
        let kindText = FieldParsing.text(self.kind, field: "kind", required: true, maxLength: 40, errors: &errors)
        let kind = kindText.flatMap(CrimeReportKind.init(rawValue:))
        if let kindText, kind == nil { errors.append(FieldError("kind", .unknownValue(kindText))) }
        let category = FieldParsing.text(self.category, field: "category", required: true, maxLength: 40, errors: &errors)
        if let category, !categories.contains(category) { errors.append(FieldError("category", .unknownValue(category))) }
        let received = FieldParsing.date(receivedOn, field: "received_on", required: true, errors: &errors)
        let registered = FieldParsing.date(registeredOn, field: "registered_on", required: false, errors: &errors)
        let extensionCount = FieldParsing.integer(extensions, field: "extensions", required: false, range: 0...2, errors: &errors) ?? 0
        let suspended = FieldParsing.date(suspendedOn, field: "suspended_on", required: false, errors: &errors)
        let resumed = FieldParsing.date(resumedOn, field: "resumed_on", required: false, errors: &errors)
        let decided = FieldParsing.date(decidedOn, field: "decided_on", required: false, errors: &errors)
        let transferred = FieldParsing.date(transferredOn, field: "transferred_on", required: false, errors: &errors)
        let outcomeText = FieldParsing.text(outcome, field: "outcome", required: false, maxLength: 40, errors: &errors)
        let outcome = outcomeText.flatMap(CrimeReportOutcome.init(rawValue:))
        if let outcomeText, outcome == nil || outcome == .suspend { errors.append(FieldError("outcome", .unknownValue(outcomeText))) }
        if decided != nil, outcome == nil, outcomeText == nil { errors.append(FieldError("outcome", .required)) }
        if outcome != nil, decided == nil { errors.append(FieldError("decided_on", .required)) }
        for (field, date) in [("received_on", received), ("registered_on", registered), ("suspended_on", suspended),
                              ("resumed_on", resumed), ("decided_on", decided), ("transferred_on", transferred)] {
            if let date, date > today { errors.append(FieldError(field, .dateInFuture(date.description))) }
        }
        guard errors.isEmpty, let code, let unit, let source, let kind, let category, let received else { return .failure(FieldErrors(errors)) }

        // Replay the handling in order; extensions are taken as granted on registration day.
        var lifecycle = CrimeReportLifecycle(receivedOn: received)
        var steps: [(String, CrimeReportLifecycle.Event)] = []
        if let registered { steps.append(("registered_on", .register(on: registered))) }
        for _ in 0..<extensionCount { steps.append(("extensions", .extend(on: registered ?? received))) }
        if let suspended { steps.append(("suspended_on", .suspend(on: suspended))) }
        if let resumed { steps.append(("resumed_on", .resume(on: resumed))) }
        if let decided, let outcome { steps.append(("decided_on", .decide(outcome, on: decided))) }
        // A transfer ends the handling: with a decision as well, the later step is refused by the lifecycle.
        if let transferred { steps.append(("transferred_on", .transfer(on: transferred))) }
        for (field, event) in steps {
            do throws(CrimeReportLifecycle.TransitionError) {
                try lifecycle.apply(event)
            } catch {
                return .failure(FieldErrors([FieldError(field, .transition(error))]))
            }
        }
        return .success(ValidReport(code: code, kind: kind, unit: unit, source: source, category: category, summary: summary, lifecycle: lifecycle))
    }
}
