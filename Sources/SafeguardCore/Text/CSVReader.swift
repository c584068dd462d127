/// A reader for comma-separated files as RFC 4180 describes them (quoted fields, doubled quotes,
/// line breaks inside quotes, CRLF or LF), with Excel's habits: a UTF-8 byte-order mark, and a
/// semicolon separator when the header line has more semicolons than commas.
public struct CSVReader: Sendable {
    public enum Failure: Error, Equatable, Sendable {
        /// A quoted field runs to the end of the file; the line where it started.
        case unterminatedQuote(line: Int)
    }

    public init() {}

    /// All records, each with the 1-based line number it starts on. Blank lines are skipped.
    public func records(in text: String) throws(Failure) -> [(line: Int, fields: [String])] {
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        let headerLine = scalars.prefix { $0 != "\n" }
        let separator: Unicode.Scalar = headerLine.filter { $0 == ";" }.count > headerLine.filter { $0 == "," }.count ? ";" : ","
        var result: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var fieldStarted = false
        var iterator = scalars.makeIterator()
        var pending: Unicode.Scalar? = nil

        func endRecord() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            if !(fields.count == 1 && fields[0].isEmpty) { result.append((recordLine, fields)) }
            fields = []
        }

        while let scalar = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if scalar == "\"" {
                    let next = iterator.next()
                    if next == "\"" { field.append("\"") } else { inQuotes = false; pending = next }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where !fieldStarted:
                inQuotes = true
                fieldStarted = true
            case separator:
                fields.append(String(field))
                field = String.UnicodeScalarView()
                fieldStarted = false
            case "\r":
                continue
            case "\n":
                endRecord()
                line += 1
                recordLine = line
                fieldStarted = false
            default:
                field.append(scalar)
                fieldStarted = true
            }
        }
        if inQuotes { throw .unterminatedQuote(line: recordLine) }
        if fieldStarted || !fields.isEmpty || !field.isEmpty { endRecord() }
        return result
    }

    /// Quotes a field for writing when it holds a separator, a quote or a line break.
    public static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == ";" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
