import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Reads the first worksheet of an Excel workbook (.xlsx, Office Open XML) as rows of text,
/// each with its spreadsheet row number, so imports report "row 12, column «Ngày phát hiện»"
/// as Excel shows it. Shared strings, inline strings and numbers are read; a date typed in
/// Excel arrives as its serial number and is converted by the importer.
struct XLSXReader {
    enum Failure: Error, CustomStringConvertible {
        case notAWorkbook(String)

        var description: String {
            switch self {
            case .notAWorkbook(let reason): "not an Excel workbook (.xlsx): \(reason)"
            }
        }
    }

    static let maximumPartSize: UInt64 = 200_000_000

    /// A sheet's rows, and whether the workbook counts dates from 1904 (older Mac Excel) instead of 1900.
    struct Sheet {
        var records: [(line: Int, fields: [String])]
        var uses1904Dates: Bool
    }

    func read(_ data: Data) throws -> Sheet {
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch { throw Failure.notAWorkbook("not a ZIP archive") }
        func read(_ path: String) throws -> Data? {
            guard let entry = archive[path] else { return nil }
            // A small upload can inflate to gigabytes (a "zip bomb"): refuse parts larger than any real sheet.
            guard entry.uncompressedSize <= Self.maximumPartSize else { throw Failure.notAWorkbook("\(path) is larger than \(Self.maximumPartSize / 1_000_000) MB") }
            var out = Data()
            _ = try archive.extract(entry, skipCRC32: true) { out.append($0) }
            return out
        }
        let workbook = try read("xl/workbook.xml")
        let sheetPath = try firstSheetPath(workbook: workbook, relations: read("xl/_rels/workbook.xml.rels"))
        guard let sheet = try read(sheetPath) else { throw Failure.notAWorkbook("no worksheet at \(sheetPath)") }
        let strings = try read("xl/sharedStrings.xml").map(SharedStrings.parse) ?? []
        let properties = workbook.map { ElementCollector(names: ["workbookPr"]).collect($0) }?.first
        let date1904 = ["1", "true"].contains(properties?["date1904"] ?? "")
        return Sheet(records: try SheetRows.parse(sheet, strings: strings), uses1904Dates: date1904)
    }

    /// The first sheet in workbook order, via its relationship id; `sheet1.xml` when the workbook says nothing.
    private func firstSheetPath(workbook: Data?, relations: Data?) throws -> String {
        guard let workbook, let relations else { return "xl/worksheets/sheet1.xml" }
        let sheets = ElementCollector(names: ["sheet"]).collect(workbook)
        let rels = ElementCollector(names: ["Relationship"]).collect(relations)
        guard let id = sheets.first?["r:id"], let target = rels.first(where: { $0["Id"] == id })?["Target"] else {
            return "xl/worksheets/sheet1.xml"
        }
        return target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
    }
}

/// Attributes of every element with one of the given names.
private final class ElementCollector: NSObject, XMLParserDelegate {
    let names: Set<String>
    var found: [[String: String]] = []

    init(names: Set<String>) { self.names = names }

    func collect(_ data: Data) -> [[String: String]] {
        let parser = XMLParser(data: data)
        parser.delegate = self
        parser.parse()
        return found
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        if names.contains(name) { found.append(attributes) }
    }
}

/// `xl/sharedStrings.xml`: the text of every shared string, rich-text runs joined.
private final class SharedStrings: NSObject, XMLParserDelegate {
    var strings: [String] = []
    var current = ""
    var inText = false

    static func parse(_ data: Data) throws -> [String] {
        let collector = SharedStrings()
        let parser = XMLParser(data: data)
        parser.delegate = collector
        guard parser.parse() else { throw XLSXReader.Failure.notAWorkbook("unreadable shared strings") }
        return collector.strings
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        if name == "si" { current = "" }
        if name == "t" { inText = true }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { current += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "t" { inText = false }
        if name == "si" { strings.append(current) }
    }
}

/// A worksheet's rows: cells placed by their reference (`C7` → column 3), gaps left empty.
private final class SheetRows: NSObject, XMLParserDelegate {
    let strings: [String]
    var rows: [(line: Int, fields: [String])] = []
    var row: [String] = []
    var rowNumber = 0
    var column = 0
    var type = ""
    var value = ""
    var inValue = false

    init(strings: [String]) { self.strings = strings }

    static func parse(_ data: Data, strings: [String]) throws -> [(line: Int, fields: [String])] {
        let collector = SheetRows(strings: strings)
        let parser = XMLParser(data: data)
        parser.delegate = collector
        guard parser.parse() else { throw XLSXReader.Failure.notAWorkbook("unreadable worksheet") }
        return collector.rows
    }

    static func columnIndex(_ reference: String) -> Int {
        var index = 0
        for scalar in reference.unicodeScalars {
            guard scalar.value >= 65 && scalar.value <= 90 else { break }
            index = index * 26 + Int(scalar.value - 64)
        }
        return index - 1
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        switch name {
        case "row":
            row = []
            rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
        case "c":
            column = attributes["r"].map(Self.columnIndex) ?? row.count
            type = attributes["t"] ?? "n"
            value = ""
        case "v", "t":
            inValue = true
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inValue { value += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "v", "t":
            inValue = false
        case "c":
            let text = type == "s" ? Int(value).flatMap { $0 < strings.count ? strings[$0] : nil } ?? "" : value
            while row.count < column { row.append("") }
            if row.count == column { row.append(text) } else if column < row.count { row[column] = text }
        case "row":
            if row.contains(where: { !$0.isEmpty }) { rows.append((rowNumber, row)) }
        default:
            break
        }
    }
}
