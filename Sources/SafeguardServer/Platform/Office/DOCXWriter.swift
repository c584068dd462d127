import Foundation

/// Writes an administrative document as Word (.docx) laid out as Decree 30/2020/NĐ-CP, Appendix I
/// asks (domain.md §6): A4 portrait, margins 20 mm top and bottom, 30 mm left, 20 mm right; Times
/// New Roman; the issuing body and number on the left and the Quốc hiệu and Tiêu ngữ on the right
/// of a borderless table; the place and date; the document type and summary; the body; the
/// recipients and the signer; page numbers centred in the top margin from page 2 on.
struct DOCXWriter {
    /// One block of the body.
    enum Block {
        case paragraph(String, bold: Bool = false, italic: Bool = false, size: Int = 14, align: String = "both", indent: Bool = true)
        /// Column widths in twips, summing to the text width (9071); equal when nil.
        case table(header: [String], rows: [[String]], widths: [Int]? = nil)
    }

    var issuingBody: [String]
    var number: String
    var placeAndDate: String
    var documentType: String
    var summary: String
    var body: [Block]
    var recipients: [String]
    var signerPosition: [String]
    var signerName: String

    private static func run(_ text: String, bold: Bool = false, italic: Bool = false, size: Int = 14) -> String {
        "<w:r><w:rPr>\(bold ? "<w:b/>" : "")\(italic ? "<w:i/>" : "")<w:sz w:val=\"\(size * 2)\"/><w:szCs w:val=\"\(size * 2)\"/></w:rPr><w:t xml:space=\"preserve\">\(XML.escape(text))</w:t></w:r>"
    }

    private static func paragraph(_ text: String, bold: Bool = false, italic: Bool = false, size: Int = 14, align: String = "center",
                                  indent: Bool = false, after: Int = 0) -> String {
        "<w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"\(after)\"/>\(indent ? "<w:ind w:firstLine=\"567\"/>" : "")<w:jc w:val=\"\(align)\"/></w:pPr>\(run(text, bold: bold, italic: italic, size: size))</w:p>"
    }

    private static func cell(_ content: String, width: Int, borders: Bool) -> String {
        "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/>\(borders ? "" : "<w:tcBorders><w:top w:val=\"nil\"/><w:left w:val=\"nil\"/><w:bottom w:val=\"nil\"/><w:right w:val=\"nil\"/></w:tcBorders>")</w:tcPr>\(content)</w:tc>"
    }

    func document() throws -> Data {
        // The heading: issuing body and number | Quốc hiệu, Tiêu ngữ, place and date (text width 9071 twips).
        let left = issuingBody.enumerated().map { Self.paragraph($0.element, bold: $0.offset == issuingBody.count - 1, size: 12) }.joined()
            + Self.paragraph(number, size: 13)
        let right = Self.paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold: true, size: 12)
            + Self.paragraph("Độc lập - Tự do - Hạnh phúc", bold: true, size: 14, after: 240)
            + Self.paragraph(placeAndDate, italic: true, size: 14)
        var xml = "<w:tbl><w:tblPr><w:tblW w:w=\"9071\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid><w:gridCol w:w=\"3402\"/><w:gridCol w:w=\"5669\"/></w:tblGrid><w:tr>"
            + Self.cell(left, width: 3402, borders: false) + Self.cell(right, width: 5669, borders: false) + "</w:tr></w:tbl>"
        xml += Self.paragraph("", after: 240) + Self.paragraph(documentType, bold: true, size: 14) + Self.paragraph(summary, bold: true, size: 14, after: 360)
        for block in body {
            switch block {
            case .paragraph(let text, let bold, let italic, let size, let align, let indent):
                xml += Self.paragraph(text, bold: bold, italic: italic, size: size, align: align, indent: indent, after: 120)
            case .table(let header, let rows, let given):
                let widths = given ?? Array(repeating: 9071 / max(1, header.count), count: header.count)
                xml += "<w:tbl><w:tblPr><w:tblW w:w=\"9071\" w:type=\"dxa\"/><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\"/><w:left w:val=\"single\" w:sz=\"4\"/><w:bottom w:val=\"single\" w:sz=\"4\"/><w:right w:val=\"single\" w:sz=\"4\"/><w:insideH w:val=\"single\" w:sz=\"4\"/><w:insideV w:val=\"single\" w:sz=\"4\"/></w:tblBorders></w:tblPr><w:tblGrid>"
                    + widths.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined() + "</w:tblGrid>"
                for (i, row) in ([header] + rows).enumerated() {
                    xml += "<w:tr>" + zip(row, widths).map { Self.cell(Self.paragraph($0, bold: i == 0, size: 12, align: i == 0 ? "center" : "left"), width: $1, borders: true) }.joined() + "</w:tr>"
                }
                xml += "</w:tbl>" + Self.paragraph("", after: 120)
            }
        }
        // Recipients (left, 12 pt) and signer (right).
        let recipientsXML = Self.paragraph("Nơi nhận:", bold: true, italic: true, size: 12, align: "left")
            + recipients.map { Self.paragraph($0, size: 11, align: "left") }.joined()
        let signerXML = signerPosition.map { Self.paragraph($0, bold: true, size: 14) }.joined()
            + Self.paragraph("", after: 1200) + Self.paragraph(signerName, bold: true, size: 14)
        xml += "<w:tbl><w:tblPr><w:tblW w:w=\"9071\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid><w:gridCol w:w=\"4535\"/><w:gridCol w:w=\"4536\"/></w:tblGrid><w:tr>"
            + Self.cell(recipientsXML, width: 4535, borders: false) + Self.cell(signerXML, width: 4536, borders: false) + "</w:tr></w:tbl>"
        // A4, margins 20/20/30/20 mm; a different first page, so the page number starts on page 2.
        xml += "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId2\"/><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1701\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/><w:titlePg/></w:sectPr>"
        let word = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
        return try OfficeZip.make([
            ("[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/></Types>
                """),
            ("_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
                """),
            ("word/_rels/document.xml.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/></Relationships>
                """),
            ("word/styles.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <w:styles \(word)><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman"/><w:color w:val="000000"/><w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>
                """),
            ("word/header1.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <w:hdr \(word)><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>
                """),
            ("word/document.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document \(word)><w:body>\(xml)</w:body></w:document>"),
        ])
    }
}
