/// A problem with one field of a record being entered or imported.
///
/// The field is the column name of the documented import format, so a web form, the API and a
/// CSV import all name the same thing; `reason` has a localised message.
public struct FieldError: Error, Equatable, Sendable {
    public enum Reason: Error, Equatable, Sendable {
        case required
        case malformedDate(String)
        case malformedNumber(String)
        case unknownArticle(Int)
        case unknownClause(article: Int, clause: Int)
        case unknownValue(String)
        case outOfRange(String)
        case dateInFuture(String)
        case dateInPast(String)
        case dateOrder(earlier: String, later: String)
        case transition(CrimeReportLifecycle.TransitionError)
        case unknownUnit(String)
        case duplicateCode(String)
        case notAllowed
        /// A subordinate plan's target below its parent's (e.g. "T1 ≤ 88").
        case looserThanParent(String)
        /// A condition that must hold first (a checklist item not met), named.
        case notMet(String)
        /// Given more than once where one value is expected (`?year=2026&year=abc`).
        case repeated
        /// Already used by another (a username).
        case taken(String)
        /// Given on an earlier row of the same file.
        case repeatedInFile(String)
        /// A value the person acting may not give (a role above what they may grant).
        case notGrantable(String)
        /// Decided by the level above, not by the unit itself (a drug-free recognition).
        case decidedAbove
        /// Refused while the commune is a type-I key area for drugs (Decree 105/2021's criteria).
        case keyAreaTypeI
        /// Not an identity number: 12 digits (căn cước) or 9 (old chứng minh nhân dân).
        case malformedIdentityNumber(String)

        public var localizationKey: String {
            switch self {
            case .required: "field.required"
            case .malformedDate: "field.malformed-date"
            case .malformedNumber: "field.malformed-number"
            case .unknownArticle: "field.unknown-article"
            case .unknownClause: "field.unknown-clause"
            case .unknownValue: "field.unknown-value"
            case .outOfRange: "field.out-of-range"
            case .dateInFuture: "field.date-in-future"
            case .dateInPast: "field.date-in-past"
            case .dateOrder: "field.date-order"
            case .transition(let error): error.localizationKey
            case .unknownUnit: "field.unknown-unit"
            case .duplicateCode: "field.duplicate-code"
            case .notAllowed: "field.not-allowed"
            case .looserThanParent: "field.looser-than-parent"
            case .notMet: "field.not-met"
            case .repeated: "field.repeated"
            case .taken: "field.taken"
            case .repeatedInFile: "field.repeated-in-file"
            case .notGrantable: "field.not-grantable"
            case .decidedAbove: "field.decided-above"
            case .keyAreaTypeI: "field.key-area-type-i"
            case .malformedIdentityNumber: "field.malformed-identity-number"
            }
        }

        /// The offending value, shown after the message.
        public var detail: String? {
            switch self {
            case .malformedDate(let s), .malformedNumber(let s), .unknownValue(let s), .outOfRange(let s),
                 .dateInFuture(let s), .dateInPast(let s), .unknownUnit(let s), .duplicateCode(let s), .looserThanParent(let s), .notMet(let s), .taken(let s),
                 .repeatedInFile(let s), .notGrantable(let s), .malformedIdentityNumber(let s): s
            case .unknownArticle(let a): String(a)
            case .unknownClause(let a, let c): "\(a).\(c)"
            case .dateOrder(let earlier, let later): "\(earlier) > \(later)"
            case .required, .transition, .notAllowed, .repeated, .decidedAbove, .keyAreaTypeI: nil
            }
        }
    }

    public var field: String
    public var reason: Reason

    public init(_ field: String, _ reason: Reason) {
        self.field = field
        self.reason = reason
    }
}

/// Field parsing shared by forms and imports.
public enum FieldParsing {
    public static func date(_ text: String?, field: String, required: Bool, errors: inout [FieldError]) -> CalendarDate? {
        guard let text = text?.trimmed, !text.isEmpty else {
            if required { errors.append(FieldError(field, .required)) }
            return nil
        }
        // ISO (2026-03-02) or Vietnamese (02/03/2026).
        if let date = CalendarDate(iso: text) { return date }
        let parts = text.split(separator: "/")
        if parts.count == 3, parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
           let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]), parts[2].count == 4,
           CalendarDate.supportedYears.contains(y), let date = CalendarDate(year: y, month: m, day: d) {
            return date
        }
        errors.append(FieldError(field, .malformedDate(text)))
        return nil
    }

    public static func integer(_ text: String?, field: String, required: Bool, range: ClosedRange<Int>, errors: inout [FieldError]) -> Int? {
        guard let text = text?.trimmed, !text.isEmpty else {
            if required { errors.append(FieldError(field, .required)) }
            return nil
        }
        guard let n = Int(text) else {
            errors.append(FieldError(field, .malformedNumber(text)))
            return nil
        }
        guard range.contains(n) else {
            errors.append(FieldError(field, .outOfRange(text)))
            return nil
        }
        return n
    }

    public static func decimal(_ text: String?, field: String, range: ClosedRange<Double>, errors: inout [FieldError]) -> Double? {
        guard let text = text?.trimmed, !text.isEmpty else { return nil }
        guard let x = Double(text.replacingOccurrences(of: ",", with: ".")) else {
            errors.append(FieldError(field, .malformedNumber(text)))
            return nil
        }
        guard range.contains(x) else {
            errors.append(FieldError(field, .outOfRange(text)))
            return nil
        }
        return x
    }

    /// A record number (số vụ án, số tin báo): letters, digits and `- _ . /`, as Vietnamese numbers are written ("12/VA-2026").
    public static func recordCode(_ value: String?, errors: inout [FieldError]) -> String? {
        guard let code = text(value, field: "code", required: true, maxLength: 60, errors: &errors) else { return nil }
        func isPlain(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "/"): true
            default: false
            }
        }
        guard code.utf8.allSatisfy(isPlain) || code.allSatisfy({ $0.isLetter || $0.isNumber || "-_./".contains($0) }) else {
            errors.append(FieldError("code", .unknownValue(code)))
            return nil
        }
        return code
    }

    public static func text(_ value: String?, field: String, required: Bool, maxLength: Int, errors: inout [FieldError]) -> String? {
        let trimmed = value?.trimmed ?? ""
        if trimmed.isEmpty {
            if required { errors.append(FieldError(field, .required)) }
            return nil
        }
        // Counted in Unicode scalars as sent, as JSON Schema's maxLength counts them (an "ế" typed
        // as e + two combining marks is three); a scalar is at least one byte, so short texts skip counting.
        let sent = value ?? ""
        guard sent.utf8.count <= maxLength || sent.unicodeScalars.count <= maxLength else {
            errors.append(FieldError(field, .outOfRange(String(trimmed.prefix(20)) + "…")))
            return nil
        }
        return trimmed
    }
}

/// Every problem found in one record.
public struct FieldErrors: Error, Equatable, Sendable {
    public var errors: [FieldError]
    public init(_ errors: [FieldError]) { self.errors = errors }
}
