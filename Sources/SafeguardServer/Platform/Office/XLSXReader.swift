import Foundation
import ZIPFoundation

/// Reads the first worksheet of an Excel workbook (.xlsx, Office Open XML) as rows of text,
/// each with its spreadsheet row number, so imports report "row 12, column «Ngày phát hiện»"
/// as Excel shows it. Shared strings, inline strings and numbers are read; a date typed in
/// Excel arrives as its serial number and is converted by the importer.
///
/// An upload is hostile until read: parts are inflated in chunks and their bytes counted as they
/// come (a ZIP's headers may lie about sizes), the XML is read as it inflates (`XMLStream`), and
/// rows, columns and cells are held to Excel's own limits and to `Limits.cells` in all, so a
/// 1 KB file cannot claim gigabytes or trap on a reference like `AAAAAAAAAAAAAAA2`.
struct XLSXReader {
    enum Failure: Error, Equatable, CustomStringConvertible {
        case notAWorkbook(String)
        /// A limit of `Limits` was passed.
        case tooLarge(Limit)

        var description: String {
            switch self {
            case .notAWorkbook(let reason): "not an Excel workbook (.xlsx): \(reason)"
            case .tooLarge(let limit): "the workbook is too large: \(limit)"
            }
        }
    }

    /// Which limit an upload passed, with what it held, for a message in the user's language.
    enum Limit: Equatable, CustomStringConvertible {
        /// A row number beyond Excel's last row (the number as written, cut short).
        case row(String)
        /// A cell reference beyond column XFD.
        case column(String)
        case cells(Int)
        /// A part that inflates to more than this many bytes.
        case inflated(UInt64)
        /// A cell's text longer than this many characters.
        case cellText(Int)

        var description: String {
            switch self {
            case .row(let r): "row \(r) is beyond Excel's last row"
            case .column(let c): "cell \(c) is beyond Excel's last column, XFD"
            case .cells(let n): "more than \(n) cells"
            case .inflated(let n): "a part inflates to more than \(n / 1_000_000) MB"
            case .cellText(let n): "a cell holds more than \(n) characters"
            }
        }
    }

    /// What one upload may hold.
    struct Limits {
        /// Excel's last row (1,048,576) and column (XFD, 16,384).
        var rows = 1_048_576
        var columns = 16_384
        /// Cells kept in all, the empty ones before a cell in its row included: about 80 MB of text
        /// fields at most.
        var cells = 5_000_000
        /// Inflated bytes of one part (the worksheet, the shared strings).
        var partBytes: UInt64 = 512_000_000
        /// One cell's text: Excel's own maximum is 32,767 characters.
        var cellText = 32_767 * 4
    }

    var limits = Limits()

    /// A sheet's rows, and whether the workbook counts dates from 1904 (older Mac Excel) instead of 1900.
    struct Sheet {
        var records: [(line: Int, fields: [String])]
        var uses1904Dates: Bool
    }

    func read(_ data: Data) throws(Failure) -> Sheet {
        do { return try readSheet(data) } catch let failure as Failure { throw failure } catch { throw Failure.notAWorkbook("\(error)") }
    }

    private func readSheet(_ data: Data) throws -> Sheet {
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch { throw Failure.notAWorkbook("not a ZIP archive") }

        /// Inflates `path` into `handler`; false when the workbook has no such part.
        func stream(_ path: String, into handler: any XMLStreamHandler) throws -> Bool {
            guard let entry = archive[path] else { return false }
            let xml = XMLStream(handler, maximumToken: limits.cellText + 4096)
            var inflated: UInt64 = 0
            do {
                _ = try archive.extract(entry, bufferSize: 1 << 16, skipCRC32: true) { chunk in
                    inflated += UInt64(chunk.count)
                    guard inflated <= limits.partBytes else {
                        throw Failure.tooLarge(.inflated(limits.partBytes))
                    }
                    try xml.feed(chunk)
                }
                try xml.finish()
            } catch let failure as Failure {
                throw failure
            } catch let failure as XMLStream.Failure {
                switch failure {
                case .malformed(let reason): throw Failure.notAWorkbook("\(path): \(reason)")
                case .tokenTooLong: throw Failure.tooLarge(.cellText(limits.cellText / 4))
                }
            } catch {
                throw Failure.notAWorkbook("\(path) cannot be inflated")
            }
            return true
        }

        let workbook = Attributes(of: ["sheet", "workbookPr"])
        let hasWorkbook = try stream("xl/workbook.xml", into: workbook)
        let relations = Attributes(of: ["Relationship"])
        let hasRelations = try stream("xl/_rels/workbook.xml.rels", into: relations)
        let sheetPath = hasWorkbook && hasRelations ? Self.firstSheetPath(workbook: workbook, relations: relations) : "xl/worksheets/sheet1.xml"
        let strings = SharedStrings()
        _ = try stream("xl/sharedStrings.xml", into: strings)
        let rows = SheetRows(strings: strings.strings, limits: limits)
        guard try stream(sheetPath, into: rows) else { throw Failure.notAWorkbook("no worksheet at \(sheetPath)") }
        let properties = workbook.found.first { $0.name == "workbookPr" }?.attributes
        let date1904 = ["1", "true"].contains(properties?["date1904"] ?? "")
        return Sheet(records: rows.rows, uses1904Dates: date1904)
    }

    /// The first sheet in workbook order, via its relationship id; `sheet1.xml` when the workbook says nothing.
    private static func firstSheetPath(workbook: Attributes, relations: Attributes) -> String {
        guard let id = workbook.found.first(where: { $0.name == "sheet" })?.attributes["r:id"],
              let target = relations.found.first(where: { $0.attributes["Id"] == id })?.attributes["Target"]
        else { return "xl/worksheets/sheet1.xml" }
        return target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
    }

    /// The column of a cell reference (`C7` → 2, zero-based), nil when it is not a reference or lies
    /// beyond `maximum` columns. Stops counting before it could overflow.
    static func columnIndex(_ reference: String, maximum: Int) -> Int? {
        var index = 0
        var letters = 0
        for scalar in reference.unicodeScalars {
            guard scalar.value >= 65 && scalar.value <= 90 else { break }
            letters += 1
            index = index * 26 + Int(scalar.value - 64)
            guard index <= maximum else { return nil }
        }
        return letters == 0 ? nil : index - 1
    }
}

/// Attributes of every element with one of the given names (small parts: the workbook, its relationships).
private final class Attributes: XMLStreamHandler {
    let names: Set<String>
    var found: [(name: String, attributes: [String: String])] = []

    init(of names: Set<String>) { self.names = names }

    var wantsText: Bool { false }
    func start(_ name: String, attributes: [(name: String, value: String)]) {
        // Keys keep their prefix (`r:id`), as the relationship is looked up by it.
        if names.contains(name) { found.append((name, Dictionary(attributes.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }))) }
    }
    func end(_ name: String) {}
    func text(_ text: String) {}
}

/// `xl/sharedStrings.xml`: the text of every shared string, rich-text runs joined; phonetic
/// guides (`rPh`, furigana) are not part of the text.
private final class SharedStrings: XMLStreamHandler {
    var strings: [String] = []
    private var current = ""
    private var inText = false
    private var inPhonetic = false

    var wantsText: Bool { inText && !inPhonetic }

    func start(_ name: String, attributes: [(name: String, value: String)]) {
        switch name {
        case "si": current = ""
        case "t": inText = true
        case "rPh": inPhonetic = true
        default: break
        }
    }

    func end(_ name: String) {
        switch name {
        case "t": inText = false
        case "rPh": inPhonetic = false
        case "si": strings.append(current)
        default: break
        }
    }

    func text(_ text: String) { current += text }
}

/// A worksheet's rows: cells placed by their reference (`C7` → column 3), gaps left empty.
private final class SheetRows: XMLStreamHandler {
    let strings: [String]
    let limits: XLSXReader.Limits
    var rows: [(line: Int, fields: [String])] = []
    private var row: [String] = []
    private var rowNumber = 0
    private var column = 0
    private var type = ""
    private var value = ""
    private var inValue = false
    private var inPhonetic = false
    private var cells = 0

    init(strings: [String], limits: XLSXReader.Limits) {
        self.strings = strings
        self.limits = limits
    }

    var wantsText: Bool { inValue && !inPhonetic }

    func start(_ name: String, attributes: [(name: String, value: String)]) throws {
        func attribute(_ key: String) -> String? { attributes.first { $0.name == key }?.value }
        switch name {
        case "row":
            row = []
            if let text = attribute("r") {
                guard let number = Int(text), (1...limits.rows).contains(number) else {
                    throw XLSXReader.Failure.tooLarge(.row(String(text.prefix(20))))
                }
                rowNumber = number
            } else {
                rowNumber += 1
                guard rowNumber <= limits.rows else { throw XLSXReader.Failure.tooLarge(.row(String(rowNumber))) }
            }
        case "c":
            if let reference = attribute("r") {
                guard let index = XLSXReader.columnIndex(reference, maximum: limits.columns) else {
                    throw XLSXReader.Failure.tooLarge(.column(String(reference.prefix(20))))
                }
                column = index
            } else {
                column = row.count
                guard column < limits.columns else { throw XLSXReader.Failure.tooLarge(.column("\(rowNumber)")) }
            }
            type = attribute("t") ?? "n"
            value = ""
        case "v", "t":
            inValue = true
        case "rPh":
            inPhonetic = true
        default:
            break
        }
    }

    func text(_ text: String) { value += text }

    func end(_ name: String) throws {
        switch name {
        case "v", "t":
            inValue = false
        case "rPh":
            inPhonetic = false
        case "c":
            let text = type == "s" ? Int(value).flatMap { $0 >= 0 && $0 < strings.count ? strings[$0] : nil } ?? "" : value
            if column >= row.count {
                cells += column - row.count + 1
                guard cells <= limits.cells else { throw XLSXReader.Failure.tooLarge(.cells(limits.cells)) }
                row.append(contentsOf: repeatElement("", count: column - row.count))
                row.append(text)
            } else {
                row[column] = text
            }
        case "row":
            if row.contains(where: { !$0.isEmpty }) { rows.append((rowNumber, row)) } else { cells -= row.count }
        default:
            break
        }
    }
}

extension XLSXReader.Failure {
    /// The problem in the user's language: which limit, and Excel's own where there is one.
    func message(_ localizer: Localizer, _ language: Language) -> String {
        func t(_ key: String) -> String { localizer.string(key, language) }
        switch self {
        case .notAWorkbook: return t("import_unreadable")
        case .tooLarge(let limit):
            switch limit {
            case .row(let r): return "\(t("import_limit_row")) (\(r))"
            case .column(let c): return "\(t("import_limit_column")) (\(c))"
            case .cells(let n): return "\(t("import_limit_cells")) (\(n))"
            case .inflated(let n): return "\(t("import_limit_inflated")) (\(n / 1_000_000) MB)"
            case .cellText(let n): return "\(t("import_limit_cell_text")) (\(n))"
            }
        }
    }
}
