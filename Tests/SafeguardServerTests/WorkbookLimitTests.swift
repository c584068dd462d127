import Fluent
import Foundation
import NIOHTTP1
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import SafeguardCore
@testable import SafeguardServer

extension ServerTests {
    /// Excel uploads from an attacker: far cells and rows, padded rows, entity bombs, ZIP headers that lie —
    /// each refused with its limit named — and a genuine workbook larger than libxml2's default, read whole.
    @Suite struct WorkbookLimitTests {
        static func workbook(sheet: String, strings: String? = nil) throws -> Data {
            var parts: [(path: String, text: String)] = [("xl/worksheets/sheet1.xml", sheet)]
            if let strings { parts.append(("xl/sharedStrings.xml", strings)) }
            return try OfficeZip.make(parts)
        }

        static func sheet(_ rows: String) -> String {
            #"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"# + rows + "</sheetData></worksheet>"
        }

        @Test func workbooksThatClaimTooMuchAreRefusedWithTheLimitNamed() throws {
            let reader = XLSXReader()
            let farColumn = try Self.workbook(sheet: Self.sheet(#"<row r="2"><c r="AAAAAAAAAAAAAAA2" t="inlineStr"><is><t>x</t></is></c></row>"#))
            #expect(throws: XLSXReader.Failure.tooLarge(.column("AAAAAAAAAAAAAAA2"))) { try reader.read(farColumn) }
            let zzzzz = try Self.workbook(sheet: Self.sheet(#"<row r="1"><c r="ZZZZZ1"><v>1</v></c></row>"#))
            #expect(throws: XLSXReader.Failure.tooLarge(.column("ZZZZZ1"))) { try reader.read(zzzzz) }
            let xfd = try Self.workbook(sheet: Self.sheet(#"<row r="1"><c r="XFD1"><v>1</v></c></row>"#))
            #expect(try reader.read(xfd).records.first?.fields.count == 16_384)
            let farRow = try Self.workbook(sheet: Self.sheet(#"<row r="99999999999999999999"><c r="A1"><v>1</v></c></row>"#))
            #expect(throws: XLSXReader.Failure.tooLarge(.row("99999999999999999999"))) { try reader.read(farRow) }
            // Cells in all: many rows each padded to a far column.
            let padded = (1...400).map { #"<row r="\#($0)"><c r="XFD\#($0)"><v>1</v></c></row>"# }.joined()
            #expect(throws: XLSXReader.Failure.tooLarge(.cells(5_000_000))) { try reader.read(try Self.workbook(sheet: Self.sheet(padded))) }
            // Entity bombs and external entities come in with a document type declaration.
            let bomb = #"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><worksheet><sheetData><row><c t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>"#
            #expect(throws: XLSXReader.Failure.self) { try reader.read(try Self.workbook(sheet: bomb)) }
        }

        /// A part's bytes are counted as it inflates, whatever its headers say.
        @Test func aPartIsCountedAsItInflatesNotByItsHeaders() throws {
            let rows = (1...40_000).map { #"<row r="\#($0)"><c r="A\#($0)"><v>\#($0)</v></c></row>"# }.joined()
            let honest = try Self.workbook(sheet: Self.sheet(rows))
            var small = XLSXReader()
            small.limits.partBytes = 500_000
            #expect(throws: XLSXReader.Failure.tooLarge(.inflated(500_000))) { try small.read(honest) }
            // The same archive with its sizes rewritten to 1,000 bytes in the local and central headers.
            var lying = [UInt8](honest)
            for signature: [UInt8] in [[0x50, 0x4B, 0x03, 0x04], [0x50, 0x4B, 0x01, 0x02]] {
                let offset = signature[2] == 0x03 ? 22 : 24
                var i = 0
                while i + 4 < lying.count {
                    if Array(lying[i..<(i + 4)]) == signature { lying.replaceSubrange((i + offset)..<(i + offset + 4), with: [0xE8, 0x03, 0, 0]) }
                    i += 1
                }
            }
            do {
                _ = try small.read(Data(lying))
                Issue.record("a lying archive was read")
            } catch {
                #expect(error == .tooLarge(.inflated(500_000)) || error == .notAWorkbook("xl/worksheets/sheet1.xml: unterminated tag at the end")
                        || { if case .notAWorkbook = error { true } else { false } }(), "\(error)")
            }
        }

        /// A real workbook larger than libxml2's 10 MB default is read whole, rows in order.
        @Test func aLargeGenuineWorkbookIsRead() throws {
            let rows = [["Số", "Tên", "Ghi chú"]] + (1...46_000).map { ["\($0)", "Nguyễn Văn \($0)", "ô có & và <>"] }
            let data = try XLSXWriter.workbook(sheetName: "Tệp lớn", rows: rows)
            let sheet = try XLSXReader().read(data)
            #expect(sheet.records.count == 46_001)
            #expect(sheet.records.last?.fields == ["46000", "Nguyễn Văn 46000", "ô có & và <>"])
            #expect(sheet.records.last?.line == 46_001)
        }
    }
}
