/// The values of one report as typed (in the browser or an Excel cell), checked against the form:
/// every problem named by the cell's key, nothing half-accepted.
public struct ReportValues: Sendable, Equatable {
    /// Cell key (`code` or `code.option`) → the stored text: numbers with a dot, yes/no as
    /// `true`/`false`, dates ISO. Blank cells are absent.
    public var values: [String: String]

    public init(_ values: [String: String] = [:]) { self.values = values }

    /// The numeric value of a cell (yes = 1, no = 0), for rules and totals.
    public func number(_ key: String) -> Double? {
        guard let text = values[key] else { return nil }
        switch text {
        case "true": return 1
        case "false": return 0
        default: return Double(text)
        }
    }

    /// Reads typed text into stored values. A count is a whole number ≥ 0, a percentage 0–100;
    /// a decimal comma is accepted ("12,5"), as are "có/không", "x", dd/mm/yyyy. With `complete`,
    /// a required cell left blank is an error too (submitting; a draft may be partial).
    public static func read(_ typed: [String: String], form: ReportForm, complete: Bool) -> Result<ReportValues, FieldErrors> {
        var errors: [FieldError] = []
        var values: [String: String] = [:]
        let cells = Dictionary(form.cells.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        for key in typed.keys.sorted() where cells[key] == nil { errors.append(FieldError(key, .unknownValue(key))) }
        for cell in form.cells {
            let text = typed[cell.key]?.trimmed ?? ""
            if text.isEmpty {
                if complete && cell.element.required { errors.append(FieldError(cell.key, .required)) }
                continue
            }
            switch parse(text, as: cell.element) {
            case .success(let value): values[cell.key] = value
            case .failure(let reason): errors.append(FieldError(cell.key, reason))
            }
        }
        return errors.isEmpty ? .success(ReportValues(values)) : .failure(FieldErrors(errors))
    }

    static func parse(_ text: String, as element: DataElement) -> Result<String, FieldError.Reason> {
        func decimal() -> Double? {
            let normalised = text.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: ",", with: ".")
            guard let value = Double(normalised), value.isFinite else { return nil }
            return value
        }
        func plain(_ value: Double) -> String { NumberText.plain(value) }
        switch element.type {
        case .count:
            guard let value = decimal() else { return .failure(.malformedNumber(text)) }
            guard value >= 0, value.rounded() == value else { return .failure(.outOfRange("≥ 0, số nguyên")) }
            return .success(plain(value))
        case .number:
            guard let value = decimal() else { return .failure(.malformedNumber(text)) }
            return .success(plain(value))
        case .percentage:
            guard let value = decimal() else { return .failure(.malformedNumber(text)) }
            guard (0...100).contains(value) else { return .failure(.outOfRange("0–100")) }
            return .success(plain(value))
        case .yesNo:
            switch text.lowercased() {
            case "có", "co", "yes", "true", "1", "x": return .success("true")
            case "không", "khong", "no", "false", "0": return .success("false")
            default: return .failure(.unknownValue(text))
            }
        case .text:
            return text.count <= 4000 ? .success(text) : .failure(.outOfRange("≤ 4000"))
        case .date:
            var errors: [FieldError] = []
            guard let date = FieldParsing.date(text, field: element.code, required: true, errors: &errors) else { return .failure(.malformedDate(text)) }
            return .success(date.description)
        case .option:
            guard let option = element.options?.first(where: { $0.lowercased() == text.lowercased() }) else {
                return .failure(.unknownValue(text))
            }
            return .success(option)
        }
    }
}
