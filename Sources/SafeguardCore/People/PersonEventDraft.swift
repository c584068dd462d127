import Foundation

/// An event as typed in a person's page, the API or an import: fields `kind`, `happened_on`,
/// `happened_at` (HH:MM, Việt Nam time; the clocks in hours need it), `detail`, `support_kind`,
/// `support_result`, `case_code` (re-offending), `until_on` (a temporary absence's return), and
/// for a move `to_unit`.
public struct PersonEventDraft: Sendable, Equatable {
    public var kind: String?
    public var happenedOn: String?
    public var happenedAt: String?
    public var detail: String?
    public var supportKind: String?
    public var supportResult: String?
    public var caseCode: String?
    public var untilOn: String?
    public var toUnit: String?

    public init(kind: String? = nil, happenedOn: String? = nil, happenedAt: String? = nil, detail: String? = nil, supportKind: String? = nil,
                supportResult: String? = nil, caseCode: String? = nil, untilOn: String? = nil, toUnit: String? = nil) {
        self.kind = kind
        self.happenedOn = happenedOn
        self.happenedAt = happenedAt
        self.detail = detail
        self.supportKind = supportKind
        self.supportResult = supportResult
        self.caseCode = caseCode
        self.untilOn = untilOn
        self.toUnit = toUnit
    }
}

/// An event whose fields passed every check that needs no database.
public struct ValidPersonEvent: Sendable, Equatable {
    public var kind: PersonEventKind
    /// The moment, in Việt Nam time (the start of the day when no time was given).
    public var at: Date
    public var detail: String?
    public var supportKind: SupportKind?
    public var supportResult: String?
    public var caseCode: String?
    public var untilOn: CalendarDate?
    public var toUnit: String?

    public init(kind: PersonEventKind, at: Date, detail: String? = nil, supportKind: SupportKind? = nil, supportResult: String? = nil,
                caseCode: String? = nil, untilOn: CalendarDate? = nil, toUnit: String? = nil) {
        self.kind = kind
        self.at = at
        self.detail = detail
        self.supportKind = supportKind
        self.supportResult = supportResult
        self.caseCode = caseCode
        self.untilOn = untilOn
        self.toUnit = toUnit
    }
}

extension PersonEventDraft {
    /// Checks the draft for a person whose management started on `startedOn`; a move is checked
    /// with `kind` `move-reported` and must name the receiving unit.
    public func validate(startedOn: CalendarDate, now: Date) -> Result<ValidPersonEvent, FieldErrors> {
        var errors: [FieldError] = []
        let kindText = FieldParsing.text(kind, field: "kind", required: true, maxLength: 40, errors: &errors)
        let kind = kindText.flatMap(PersonEventKind.init(rawValue:))
        if let kindText, kind == nil { errors.append(FieldError("kind", .unknownValue(kindText))) }
        let day = FieldParsing.date(happenedOn, field: "happened_on", required: true, errors: &errors)
        let minutes = Self.minutes(happenedAt, errors: &errors)
        let detail = FieldParsing.text(detail, field: "detail", required: false, maxLength: 2000, errors: &errors)
        let supportText = FieldParsing.text(supportKind, field: "support_kind", required: kind == .support, maxLength: 40, errors: &errors)
        let support = supportText.flatMap(SupportKind.init(rawValue:))
        if let supportText, support == nil { errors.append(FieldError("support_kind", .unknownValue(supportText))) }
        let result = FieldParsing.text(supportResult, field: "support_result", required: false, maxLength: 500, errors: &errors)
        let caseCode = kind == .reoffending ? FieldParsing.recordCode(self.caseCode, errors: &errors) : nil
        let until = FieldParsing.date(untilOn, field: "until_on", required: kind == .absenceDeclared, errors: &errors)
        let toUnit = FieldParsing.text(self.toUnit, field: "to_unit", required: kind == .moveReported, maxLength: 40, errors: &errors)
        var at: Date?
        if let day {
            let moment = day.startInVietnam.addingTimeInterval(Double(minutes ?? 0) * 60)
            if CalendarDate(moment) > CalendarDate(now) || moment > now.addingTimeInterval(300) {
                errors.append(FieldError("happened_on", .dateInFuture(day.description)))
            } else if day < startedOn.adding(days: -366) {
                // A prison's notice comes before release; nothing else predates the start by more than a year.
                errors.append(FieldError("happened_on", .dateOrder(earlier: "started_on", later: "happened_on")))
            }
            at = moment
            if let until, until < day { errors.append(FieldError("until_on", .dateOrder(earlier: "happened_on", later: "until_on"))) }
        }
        guard errors.isEmpty, let kind, let at else { return .failure(FieldErrors(errors)) }
        return .success(ValidPersonEvent(kind: kind, at: at, detail: detail, supportKind: kind == .support ? support : nil,
                                         supportResult: kind == .support ? result : nil, caseCode: caseCode,
                                         untilOn: kind == .absenceDeclared ? until : nil, toUnit: kind == .moveReported ? toUnit : nil))
    }

    /// "HH:MM" (24-hour) as minutes after midnight; nil when not given.
    static func minutes(_ text: String?, errors: inout [FieldError]) -> Int? {
        guard let text = text?.trimmed, !text.isEmpty else { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m) else {
            errors.append(FieldError("happened_at", .unknownValue(text)))
            return nil
        }
        return h * 60 + m
    }
}
