/// Quy tắc kiểm tra: a rule a report's values must satisfy — left side, operator, right side, as in
/// DHIS2's validation rules ("propaganda_sessions ≥ 0", "drug_free_villages ≤ villages",
/// "cases ≥ cases.theft + cases.fraud"). Sides are arithmetic over cell keys, numbers and values
/// computed from records (`records.…`, supplied by the caller). A blocking rule stops a submission;
/// a warning is shown to the submitter and the reviewer.
public struct ValidationRule: Codable, Sendable, Equatable {
    public var code: String
    public var left: String
    public var comparison: Comparison
    public var right: String
    public var importance: Importance
    /// What the submitter reads when it fails, in Vietnamese.
    public var message: String
    /// Whether a side with a blank cell is judged (blanks as 0) or the rule is skipped.
    public var blanksAsZero: Bool

    public enum Importance: String, Codable, Sendable { case blocking, warning }

    public init(code: String, left: String, comparison: Comparison, right: String, importance: Importance, message: String, blanksAsZero: Bool = false) {
        self.code = code
        self.left = left
        self.comparison = comparison
        self.right = right
        self.importance = importance
        self.message = message
        self.blanksAsZero = blanksAsZero
    }

    enum CodingKeys: String, CodingKey { case code, left, comparison, right, importance, message, blanksAsZero }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = try c.decode(String.self, forKey: .code)
        left = try c.decode(String.self, forKey: .left)
        comparison = try c.decode(Comparison.self, forKey: .comparison)
        right = try c.decode(String.self, forKey: .right)
        importance = try c.decodeIfPresent(Importance.self, forKey: .importance) ?? .blocking
        message = try c.decode(String.self, forKey: .message)
        blanksAsZero = try c.decodeIfPresent(Bool.self, forKey: .blanksAsZero) ?? false
    }

    /// The names both sides use.
    public func names() throws -> [String] {
        try Expression.parse(left).names + Expression.parse(right).names
    }

    /// A rule's verdict on one report.
    public struct Violation: Sendable, Equatable {
        public var rule: String
        public var importance: Importance
        public var message: String
        public var left: Double
        public var right: Double
    }

    /// Judges the rule; nil when it holds or is skipped (a blank cell, unless `blanksAsZero`).
    /// `value(name)` gives a cell's number or a `records.…` value; a name it does not know is blank.
    /// A rule that does not parse throws (the form's `problems()` reports it before use).
    public func check(_ value: (String) -> Double?) throws -> Violation? {
        let l = try Expression.parse(left), r = try Expression.parse(right)
        let zeroes = blanksAsZero
        func lookup(_ name: String) -> Double? { zeroes ? (value(name) ?? 0) : value(name) }
        guard let a = l.evaluate(lookup), let b = r.evaluate(lookup) else { return nil }
        // Sums of decimals: compare at the precision the forms are typed in.
        let (x, y) = ((a * 1e9).rounded() / 1e9, (b * 1e9).rounded() / 1e9)
        return comparison.holds(x, y) ? nil : Violation(rule: code, importance: importance, message: message, left: x, right: y)
    }

    /// Every rule of a form on a report's values (disaggregated elements also answer to their
    /// plain code with the sum of their options), and `records` for computed values.
    public static func check(_ form: ReportForm, _ values: ReportValues, records: [String: Double] = [:]) throws -> [Violation] {
        let options = Dictionary(grouping: form.cells.filter { $0.option != nil }, by: { $0.element.code })
        func value(_ name: String) -> Double? {
            if name.hasPrefix("records.") { return records[String(name.dropFirst(8))] }
            if let parts = options[name] {
                let numbers = parts.compactMap { values.number($0.key) }
                return numbers.isEmpty ? nil : numbers.reduce(0, +)
            }
            return values.number(name)
        }
        return try form.rules.compactMap { try $0.check(value) }
    }
}

/// A side of a rule: numbers, names, + − × ÷ and parentheses, read by a small recursive-descent
/// parser (no code is ever evaluated).
public indirect enum Expression: Sendable, Equatable {
    case number(Double)
    case name(String)
    case binary(Character, Expression, Expression)
    case negate(Expression)

    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var text: String
        public var position: Int
        public var description: String { "cannot read «\(text)» at character \(position + 1)" }
    }

    public var names: [String] {
        switch self {
        case .number: []
        case .name(let n): [n]
        case .binary(_, let a, let b): a.names + b.names
        case .negate(let e): e.names
        }
    }

    /// The value, or nil if a name has none (or a division by zero).
    public func evaluate(_ value: (String) -> Double?) -> Double? {
        switch self {
        case .number(let n): return n
        case .name(let n): return value(n)
        case .negate(let e): return e.evaluate(value).map { -$0 }
        case .binary(let op, let a, let b):
            guard let x = a.evaluate(value), let y = b.evaluate(value) else { return nil }
            switch op {
            case "+": return x + y
            case "-": return x - y
            case "*": return x * y
            default: return y == 0 ? nil : x / y
            }
        }
    }

    public static func parse(_ text: String) throws -> Expression {
        var parser = Parser(characters: Array(text), text: text)
        let expression = try parser.sum()
        parser.skipSpaces()
        guard parser.position == parser.characters.count else { throw parser.error() }
        return expression
    }

    private struct Parser {
        let characters: [Character]
        let text: String
        var position = 0

        func error() -> ParseError { ParseError(text: text, position: position) }

        mutating func skipSpaces() { while position < characters.count, characters[position] == " " { position += 1 } }

        mutating func sum() throws -> Expression {
            var result = try product()
            while true {
                skipSpaces()
                guard position < characters.count, "+-".contains(characters[position]) else { return result }
                let op = characters[position]
                position += 1
                result = .binary(op, result, try product())
            }
        }

        mutating func product() throws -> Expression {
            var result = try factor()
            while true {
                skipSpaces()
                guard position < characters.count, "*/×÷".contains(characters[position]) else { return result }
                let op: Character = "*×".contains(characters[position]) ? "*" : "/"
                position += 1
                result = .binary(op, result, try factor())
            }
        }

        mutating func factor() throws -> Expression {
            skipSpaces()
            guard position < characters.count else { throw error() }
            let c = characters[position]
            if c == "-" {
                position += 1
                return .negate(try factor())
            }
            if c == "(" {
                position += 1
                let inner = try sum()
                skipSpaces()
                guard position < characters.count, characters[position] == ")" else { throw error() }
                position += 1
                return inner
            }
            let start = position
            if c.isNumber {
                while position < characters.count, characters[position].isNumber || characters[position] == "." { position += 1 }
                guard let n = Double(String(characters[start..<position])) else { throw error() }
                return .number(n)
            }
            // Names: letters, digits, '_' and '.' (so "a-b" is a subtraction).
            while position < characters.count, characters[position].isLetter || characters[position].isNumber || "_.".contains(characters[position]) {
                position += 1
            }
            guard position > start, characters[start].isLetter else { throw error() }
            return .name(String(characters[start..<position]))
        }
    }
}
