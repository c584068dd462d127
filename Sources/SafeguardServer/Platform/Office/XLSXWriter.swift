import Foundation
import SafeguardCore
import Vapor
import ZIPFoundation

/// A cell of an exported sheet: text, or a number or date Excel can sort, sum and filter.
enum XLSXCell: ExpressibleByStringLiteral, Sendable, Equatable {
    case text(String)
    case number(Double)
    /// A day, shown dd/mm/yyyy.
    case date(CalendarDate)
    /// An instant, shown in Việt Nam time as dd/mm/yyyy hh:mm:ss.
    case instant(Date)
    case empty

    init(stringLiteral value: String) { self = .text(value) }

    static func number(_ value: Int) -> XLSXCell { .number(Double(value)) }
    static func number(_ value: Double?) -> XLSXCell { value.map(XLSXCell.number) ?? .empty }
    static func date(iso text: String?) -> XLSXCell { text.flatMap(CalendarDate.init(iso:)).map(XLSXCell.date) ?? .empty }

    /// The cell as the user's language writes it (CSV, column widths).
    func text(_ language: Language) -> String {
        switch self {
        case .text(let text): text
        case .number(let value): Formatting.number(value, language)
        case .date(let day): Formatting.date(day, language)
        case .instant(let instant): Formatting.instant(instant, language)
        case .empty: ""
        }
    }

    /// Excel's serial day: days since 30/12/1899; an instant adds the time of day in Việt Nam (UTC+7).
    var serial: Double? {
        switch self {
        case .date(let day): Double(day.dayNumber + 25_569)
        case .instant(let instant): (instant.timeIntervalSince1970 + 7 * 3600) / 86_400 + 25_569
        default: nil
        }
    }
}

/// Writes worksheets as an Excel workbook (.xlsx, Office Open XML): texts as inline strings,
/// numbers as numbers, dates and instants as serial days with a Vietnamese date format; the
/// first row bold and frozen, column widths from the content. Enough for the exports officers
/// open in Excel or LibreOffice; the import side (`XLSXReader`) reads the first sheet back.
enum XLSXWriter {
    static func workbook(sheetName: String, rows: [[String]]) throws -> Data {
        try workbook(sheets: [(sheetName, rows)])
    }

    static func workbook(sheetName: String, cells: [[XLSXCell]]) throws -> Data {
        try workbook(sheets: [(sheetName, cells)])
    }

    static func workbook(sheets: [(name: String, rows: [[String]])]) throws -> Data {
        try workbook(sheets: sheets.map { ($0.name, $0.rows.map { $0.map(XLSXCell.text) }) })
    }

    /// The column's letters: 0 → A, 26 → AA.
    static func column(_ index: Int) -> String {
        var n = index + 1, name = ""
        while n > 0 { name = String(UnicodeScalar(UInt8(65 + (n - 1) % 26))) + name; n = (n - 1) / 26 }
        return name
    }

    /// `watermark`, when given, is printed at the top and bottom of every page of every sheet
    /// (Excel's page header and footer): who exported it and when, on each sheet of paper.
    static func workbook(sheets: [(name: String, cells: [[XLSXCell]])], watermark: String? = nil) throws -> Data {
        let parts = try sheets.map { try sheet($0.cells, watermark: watermark) }
        let numbers = sheets.indices.map { $0 + 1 }
        return try OfficeZip.make([
            ("[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\(numbers.map { "<Override PartName=\"/xl/worksheets/sheet\($0).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>" }.joined())<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>
                """),
            ("_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """),
            ("xl/workbook.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\(zip(sheets, numbers).map { "<sheet name=\"\(XML.escape(String($0.name.prefix(31))))\" sheetId=\"\($1)\" r:id=\"rId\($1)\"/>" }.joined())</sheets></workbook>
                """),
            ("xl/_rels/workbook.xml.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(numbers.map { "<Relationship Id=\"rId\($0)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0).xml\"/>" }.joined())<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
                """),
            ("xl/styles.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="dd/mm/yyyy hh:mm:ss"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="4"><xf fontId="0" xfId="0"/><xf fontId="1" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
                """),
        ] + zip(numbers, parts).map { ("xl/worksheets/sheet\($0).xml", $1) })
    }

    private static func sheet(_ rows: [[XLSXCell]], watermark: String?) throws -> String {
        let widths = (0..<(rows.map(\.count).max() ?? 0)).map { j in min(80, max(8, rows.map { j < $0.count ? $0[j].text(.vi).count : 0 }.max() ?? 8) + 2) }
        var sheet = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            <sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>\
            <cols>\(widths.enumerated().map { "<col min=\"\($0.offset + 1)\" max=\"\($0.offset + 1)\" width=\"\($0.element)\" customWidth=\"1\"/>" }.joined())</cols><sheetData>
            """
        for (i, row) in rows.enumerated() {
            sheet += "<row r=\"\(i + 1)\">"
            for (j, cell) in row.enumerated() {
                let reference = "\(column(j))\(i + 1)"
                switch cell {
                case .text(let value):
                    sheet += "<c r=\"\(reference)\" t=\"inlineStr\"\(i == 0 ? " s=\"1\"" : "")><is><t xml:space=\"preserve\">\(XML.escape(value))</t></is></c>"
                case .number(let value) where value.isFinite:
                    sheet += "<c r=\"\(reference)\"><v>\(NumberText.plain(value))</v></c>"
                case .date, .instant:
                    let style = if case .date = cell { 2 } else { 3 }
                    sheet += "<c r=\"\(reference)\" s=\"\(style)\"><v>\(cell.serial!)</v></c>"
                case .number, .empty:
                    break
                }
            }
            sheet += "</row>"
        }
        sheet += "</sheetData>"
        if let watermark {
            // In a header, "&" starts a code: doubled, it prints itself.
            let text = XML.escape(watermark.replacingOccurrences(of: "&", with: "&&"))
            sheet += "<headerFooter><oddHeader>&amp;C\(text)</oddHeader><oddFooter>&amp;C\(text) — &amp;P/&amp;N</oddFooter></headerFooter>"
        }
        sheet += "</worksheet>"
        return sheet
    }
}

