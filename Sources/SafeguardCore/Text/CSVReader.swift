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
    ///
    /// Works on the UTF-8 bytes: every delimiter is ASCII, so no byte inside a multi-byte
    /// character can be mistaken for one, and fields are cut out of the buffer without copying
    /// character by character (a million-row import spends its time on the rows, not here).
    public func records(in text: String) throws(Failure) -> [(line: Int, fields: [String])] {
        var text = text
        let result = text.withUTF8 { bytes in Result { () throws(Failure) in try Self.records(in: bytes) } }
        return try result.get()
    }

    private static func records(in all: UnsafeBufferPointer<UInt8>) throws(Failure) -> [(line: Int, fields: [String])] {
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), ret = UInt8(ascii: "\r")
        var start = 0
        if all.count >= 3 && all[0] == 0xEF && all[1] == 0xBB && all[2] == 0xBF { start = 3 }  // byte-order mark
        let headerEnd = all[start...].firstIndex(of: newline) ?? all.endIndex
        let header = all[start..<headerEnd]
        let separator = header.count(where: { $0 == UInt8(ascii: ";") }) > header.count(where: { $0 == UInt8(ascii: ",") })
            ? UInt8(ascii: ";") : UInt8(ascii: ",")

        var result: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var line = 1
        var index = start
        let end = all.endIndex
        func string(_ from: Int, _ to: Int) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: all[from..<to]), as: UTF8.self)
        }
        while index < end {
            let recordLine = line
            // One record: fields until an unquoted line break or the end.
            while true {
                if index < end && all[index] == quote {
                    // Quoted: doubled quotes stand for one; separators and line breaks are text.
                    var bytes: [UInt8] = []
                    index += 1
                    while true {
                        guard index < end else { throw .unterminatedQuote(line: recordLine) }
                        let byte = all[index]
                        if byte == quote {
                            if index + 1 < end && all[index + 1] == quote { bytes.append(quote); index += 2; continue }
                            index += 1
                            break
                        }
                        if byte == newline { line += 1 }
                        bytes.append(byte)
                        index += 1
                    }
                    // Anything between the closing quote and the separator is kept, as before.
                    let tail = index
                    while index < end && all[index] != separator && all[index] != newline { index += 1 }
                    var after = index
                    if after > tail && all[after - 1] == ret { after -= 1 }
                    bytes.append(contentsOf: all[tail..<after])
                    fields.append(String(decoding: bytes, as: UTF8.self))
                } else {
                    let fieldStart = index
                    while index < end && all[index] != separator && all[index] != newline { index += 1 }
                    var fieldEnd = index
                    if fieldEnd > fieldStart && all[fieldEnd - 1] == ret { fieldEnd -= 1 }
                    fields.append(string(fieldStart, fieldEnd))
                }
                if index < end && all[index] == separator { index += 1; continue }
                break
            }
            if index < end { index += 1; line += 1 }  // the line break
            if !(fields.count == 1 && fields[0].isEmpty) { result.append((recordLine, fields)) }
            fields = []
        }
        return result
    }

    /// Quotes a field for writing when it holds a separator, a quote or a line break.
    public static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == ";" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
