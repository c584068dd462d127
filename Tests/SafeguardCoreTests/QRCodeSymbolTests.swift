import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import SafeguardCore

/// The QR symbol as it leaves the core: the SVG the enrolment page shows (well-formed, title
/// escaped, sized as asked) and a golden symbol read back by two independent decoders (ZBar and
/// ZXing-C++), module for module the one the Python `qrcode` package draws for the same text,
/// level and mask.
@Suite struct QRCodeSymbolTests {
    func code(_ text: String, _ correction: QRCode.Correction = .medium) -> QRCode {
        try! QRCode(encoding: text, correction: correction)
    }

    // MARK: SVG

    /// Collects what a well-formed document holds; the parse fails on anything that is not.
    final class SVGReader: NSObject, XMLParserDelegate {
        var elements: [(name: String, attributes: [String: String])] = []
        var title = ""
        var inTitle = false

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            elements.append((elementName, attributeDict))
            inTitle = elementName == "title"
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            inTitle = false
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inTitle { title += string }
        }
    }

    func parse(_ svg: String) -> SVGReader? {
        let reader = SVGReader()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = reader
        return parser.parse() ? reader : nil
    }

    @Test func svgIsWellFormedAndEscapesTheTitle() throws {
        let symbol = code("otpauth://totp/Safeguard:vanphong?secret=JBSWY3DPEHPK3PXP&issuer=Safeguard")
        let title = "Mã <QR> của \"Phong\" & 'bạn'\u{1}"
        let svg = symbol.svg(moduleSize: 5, quietZone: 4, title: title)
        #expect(svg.contains("<title>Mã &lt;QR&gt; của &quot;Phong&quot; &amp; &apos;bạn&apos;</title>"))
        let reader = try #require(parse(svg))
        #expect(reader.title == "Mã <QR> của \"Phong\" & 'bạn'")  // the control character is dropped
        #expect(reader.elements.map(\.name) == ["svg", "title", "rect", "path"])
        let root = reader.elements[0].attributes
        let extent = symbol.size + 8
        #expect(root["xmlns"] == "http://www.w3.org/2000/svg")
        #expect(root["width"] == "\(extent * 5)" && root["height"] == "\(extent * 5)")
        #expect(root["viewBox"] == "0 0 \(extent) \(extent)")
        #expect(root["role"] == "img")
        #expect(root["shape-rendering"] == "crispEdges")
        #expect(reader.elements[2].attributes["fill"] == "#fff")
        #expect(!svg.contains("script") && !svg.contains("href") && !svg.contains("url("))

        // The path's runs, painted back, are the symbol: every dark module once, no light one.
        let d = try #require(reader.elements[3].attributes["d"])
        var painted = Array(repeating: Array(repeating: 0, count: extent), count: extent)
        for run in d.split(separator: "M") {
            let numbers = run.split(whereSeparator: { !$0.isNumber }).map { Int($0)! }
            #expect(numbers.count == 5 && numbers[3] == 1 && numbers[2] == numbers[4])
            for x in numbers[0]..<(numbers[0] + numbers[2]) { painted[numbers[1]][x] += 1 }
        }
        for y in 0..<extent {
            for x in 0..<extent {
                #expect(painted[y][x] == (symbol.isDark(x: x - 4, y: y - 4) ? 1 : 0))
            }
        }
        // Runs are merged: each has a light module (or the quiet zone) on either side.
        for run in d.split(separator: "M") {
            let numbers = run.split(whereSeparator: { !$0.isNumber }).map { Int($0)! }
            let (x, y, length) = (numbers[0] - 4, numbers[1] - 4, numbers[2])
            #expect(!symbol.isDark(x: x - 1, y: y) && !symbol.isDark(x: x + length, y: y))
        }
    }

    @Test func svgSizesFollowTheArguments() throws {
        let symbol = code("x")
        let reader = try #require(parse(symbol.svg(moduleSize: 1, quietZone: 0, title: "")))
        #expect(reader.elements[0].attributes["viewBox"] == "0 0 21 21")
        #expect(reader.elements[0].attributes["width"] == "21")
        let defaults = try #require(parse(symbol.svg(title: "QR")))
        #expect(defaults.elements[0].attributes["width"] == "116")  // (21 + 2 × 4) × 4
    }

    // MARK: Golden symbol

    /// `otpauth://totp/Safeguard:vanphong?secret=JBSWY3DPEHPK3PXP&issuer=Safeguard&algorithm=SHA1&digits=6&period=30`
    /// at level M: 108 bytes, version 7 (45 × 45, with version information), mask 4. Rendered
    /// from these rows and read back by ZBar 0.23.92 and ZXing-C++ 3.1 (which also reported
    /// version 7, level M, mask 4, no error corrected); python-qrcode 8.2 draws the same modules
    /// and chooses the same mask.
    static let golden = [
        "#######.####...#.#..#..#..##..###...#.#######",
        "#.....#...#...#####.#...#...#..###.#..#.....#",
        "#.###.#...#.#.##.##.#.##...##..###.#..#.###.#",
        "#.###.#.#.#####....##.#..#..#.#....##.#.###.#",
        "#.###.#.##..#.#.#...########.##.#####.#.###.#",
        "#.....#.#......###.##...#.##.##..#....#.....#",
        "#######.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#######",
        "........#...##.#.##.#...##.#.#..#............",
        "#...#.#######..###..#####..#.##.####.#####..#",
        ".#.#.#.######.##..#....##.##.###...##.##.#...",
        "###..###...####.##.#...#.##.####.#..###.####.",
        "...#...#.##...##.#....#...####.#..#..#.....##",
        "##....##.#.#..#.###.#...######..#..#..#......",
        "####.#.#.##.#.#.#..######.#.#.#....##.##.###.",
        ".###.#######...###..##...#....#.......#....#.",
        "#...##....##.####.#......#.#..###.#....#...##",
        ".#...####.##.....##.#..#.###.#..##....##.#..#",
        ".##..#.##.#.#.#..#.##.###.#.######..#.###..#.",
        "#..#.##.##....###...##....###..#.#.##.###..#.",
        ".##..#....##.#####.#..#.##############.#...#.",
        ".##.#####....#############.#.####.#.######..#",
        "..#.#...#.##..#.#...#...#.....####.##...####.",
        "...##.#.#..####..#.##.#.#..##.##.#..#.#.##.#.",
        "..###...##.#...##...#...##.#..#.#..##...#..##",
        "#.########...##.#.#######.##..#####.######...",
        "##......###.#######..##.#.#.######..##.#.###.",
        "#.#...##....###.#.#.##.##.#.####...#......##.",
        ".#...#.##...##.###...##.....##.#....#.####...",
        "###...#.....#.##.#.###...##...#.##....####...",
        "...###.#..#.#..##..#.#..#.##..##.#...###..##.",
        "##....#####.#...####.#.#...###...###.#..####.",
        "#.#.##.#.#..#.#..######.#.#..#.####.#.####.#.",
        "###..##.#.####.#.#...#...###.#..##..######.#.",
        "######..#.#.#.##.##.#..#..#####..#.##....##..",
        "....#.##....#.#.#...###.#.#..####..###...#.#.",
        ".####..##.##..##.#....##....##..##...####..##",
        "#..##.#.##.#..#.##.######.##.#..##..######.##",
        "........#.#........##...###..##..#..#...#.##.",
        "#######.#.##..##.#.##.#.##..##.###.##.#.##.#.",
        "#.....#..#########..#...#..#....#.###...#....",
        "#.###.#.#..##..###.######.##.#..#..######..#.",
        "#.###.#...#..#..##.##..##.##.###.#.#..##.#.#.",
        "#.###.#..#.#.#..#.....#.#######..#....#.#.##.",
        "#.....#..####..###..#.#.#.###.#..#.###..#....",
        "#######.#.#..##.#.#.#.#.#..##...#.####.###..#",
    ]

    @Test func goldenOtpauthSymbol() {
        let symbol = code("otpauth://totp/Safeguard:vanphong?secret=JBSWY3DPEHPK3PXP&issuer=Safeguard&algorithm=SHA1&digits=6&period=30")
        #expect(symbol.version == 7 && symbol.size == 45 && symbol.mask == 4 && symbol.correction == .medium)
        let rows = (0..<symbol.size).map { y in String((0..<symbol.size).map { symbol.isDark(x: $0, y: y) ? "#" : "." }) }
        #expect(rows.count == Self.golden.count)
        for (y, row) in zip(rows, Self.golden).enumerated() {
            #expect(row.0 == row.1, "row \(y)")
        }
    }
}
