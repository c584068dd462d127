import Foundation
import Testing
@testable import SafeguardCore

/// The QR encoder against the standard's tables and examples: versions and capacity, data
/// codewords, error correction, function patterns, masks (the SVG and a golden symbol:
/// `QRCodeSymbolTests`).
@Suite struct QRCodeTests {
    /// Bytes of ASCII (no ECI) that fit each version 1–40, rows L, M, Q, H: the byte-mode
    /// column of the standard's Table 7.
    static let byteCapacity: [QRCode.Correction: [Int]] = [
        .low: [17, 32, 53, 78, 106, 134, 154, 192, 230, 271, 321, 367, 425, 458, 520, 586, 644, 718, 792, 858,
               929, 1003, 1091, 1171, 1273, 1367, 1465, 1528, 1628, 1732, 1840, 1952, 2068, 2188, 2303, 2431, 2563, 2699, 2809, 2953],
        .medium: [14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412, 450, 504, 560, 624, 666,
                  711, 779, 857, 911, 997, 1059, 1125, 1190, 1264, 1370, 1452, 1538, 1628, 1722, 1809, 1911, 1989, 2099, 2213, 2331],
        .quartile: [11, 20, 32, 46, 60, 74, 86, 108, 130, 151, 177, 203, 241, 258, 292, 322, 364, 394, 442, 482,
                    509, 565, 611, 661, 715, 751, 805, 868, 908, 982, 1030, 1112, 1168, 1228, 1283, 1351, 1423, 1499, 1579, 1663],
        .high: [7, 14, 24, 34, 44, 58, 64, 84, 98, 119, 137, 155, 177, 194, 220, 250, 280, 310, 338, 382,
                403, 439, 461, 511, 535, 593, 625, 658, 698, 742, 790, 842, 898, 958, 983, 1051, 1093, 1139, 1219, 1273],
    ]

    func code(_ text: String, _ correction: QRCode.Correction = .medium) -> QRCode {
        try! QRCode(encoding: text, correction: correction)
    }

    func ascii(_ count: Int) -> String { String(repeating: "a", count: count) }

    // MARK: Versions and capacity

    @Test func theSmallestVersionThatHoldsTheTextIsChosen() {
        // Version 1-M has 16 data codewords: 4 + 8 + 8 × 14 = 124 bits fit in 128, 15 bytes do not.
        #expect(code(ascii(14)).version == 1)
        #expect(code(ascii(15)).version == 2)
        #expect(code(ascii(17), .low).version == 1 && code(ascii(18), .low).version == 2)
        #expect(code(ascii(11), .quartile).version == 1 && code(ascii(12), .quartile).version == 2)
        #expect(code(ascii(7), .high).version == 1 && code(ascii(8), .high).version == 2)
        #expect(code("").version == 1)
        // From version 10 the count takes 16 bits.
        #expect(code(ascii(180)).version == 9 && code(ascii(181)).version == 10)
        #expect(code(ascii(2331)).version == 40)
    }

    @Test func capacityOfEveryVersionAndLevelIsTable7() {
        for correction in QRCode.Correction.allCases {
            for (index, capacity) in Self.byteCapacity[correction]!.enumerated() {
                let version = index + 1
                #expect(QRCode.fits(capacity, version: version, correction: correction), "\(correction) v\(version)")
                #expect(!QRCode.fits(capacity + 1, version: version, correction: correction), "\(correction) v\(version)")
                // The ECI for UTF-8 costs one byte.
                #expect(!QRCode.fits(capacity, version: version, correction: correction, headerBits: QRCode.utf8ECIBits))
                #expect(QRCode.fits(capacity - 1, version: version, correction: correction, headerBits: QRCode.utf8ECIBits))
            }
        }
    }

    @Test func sizeIs17Plus4TimesTheVersion() {
        for (text, version) in [(ascii(1), 1), (ascii(20), 2), (ascii(110), 7), (ascii(200), 10), (ascii(1000), 26)] {
            let symbol = code(text)
            #expect(symbol.version == version)
            #expect(symbol.size == 17 + 4 * version)
        }
    }

    @Test func textBeyondVersion40IsRefused() {
        #expect(throws: QRCode.Failure.tooLong(bytes: 3000)) { try QRCode(encoding: ascii(3000), correction: .high) }
        #expect(throws: QRCode.Failure.tooLong(bytes: 1274)) { try QRCode(encoding: ascii(1274), correction: .high) }
        #expect(throws: QRCode.Failure.tooLong(bytes: 2954)) { try QRCode(encoding: ascii(2954), correction: .low) }
        #expect(code(ascii(2953), .low).version == 40)
        #expect(code(ascii(1273), .high).version == 40)
    }

    // MARK: Data codewords

    @Test func asciiIsPlainByteMode() {
        // 0100 (byte), count 00000010, 'H' 'i', terminator 0000, then the pad codewords.
        #expect(QRCode.dataCodewords(Array("Hi".utf8), version: 1, capacity: 9) == [0x40, 0x24, 0x86, 0x90, 0xEC, 0x11, 0xEC, 0x11, 0xEC])
        // Exactly full: the terminator ends the last codeword, and no pad codeword follows.
        #expect(QRCode.dataCodewords(Array("0123456".utf8), version: 1, capacity: 9) == [0x40, 0x73, 0x03, 0x13, 0x23, 0x33, 0x43, 0x53, 0x60])
        // 16-bit count from version 10.
        #expect(QRCode.dataCodewords([0x41], version: 10, capacity: 4) == [0x40, 0x00, 0x14, 0x10])
    }

    @Test func nonASCIITextCarriesTheUTF8ECI() {
        // 0111 (ECI), 00011010 (26, UTF-8), 0100 (byte), count 2, C3 A9 ("é"), terminator.
        #expect(QRCode.dataCodewords(Array("é".utf8), version: 1, capacity: 6, utf8ECI: true) == [0x71, 0xA4, 0x02, 0xC3, 0xA9, 0x00])
        let sentence = "Công an lắng nghe ý kiến Nhân dân"
        #expect(sentence.utf8.count == 41)
        let symbol = code(sentence)
        #expect(symbol.version == 3)  // 3-M holds 42 bytes, 41 after the ECI
        #expect(symbol == (try! QRCode(bytes: Array(sentence.utf8), correction: .medium, utf8ECI: true)))
        #expect(symbol != (try! QRCode(bytes: Array(sentence.utf8), correction: .medium, utf8ECI: false)))
        #expect(code(ascii(20)) == (try! QRCode(bytes: Array(ascii(20).utf8), correction: .medium, utf8ECI: false)))
    }

    // MARK: Error correction

    @Test func galoisFieldIsTheStandards() {
        #expect(QRCode.ReedSolomon.exponentials[8] == 0x1D)  // α⁸ = α⁴ + α³ + α² + 1
        #expect(QRCode.ReedSolomon.exponentials[255] == 1)
        #expect(Set(QRCode.ReedSolomon.exponentials[0..<255]).count == 255)  // α is primitive
        for a in 1...255 {
            let inverse = QRCode.ReedSolomon.exponentials[255 - QRCode.ReedSolomon.logarithms[a]]
            #expect(QRCode.ReedSolomon.multiply(UInt8(a), inverse) == 1)
        }
    }

    @Test func generatorPolynomialsAreAnnexAs() {
        // Degree 2 by hand: (x − 1)(x − α) = x² + (1 + 2)x + 2.
        #expect(QRCode.ReedSolomon.generator(degree: 2) == [1, 3, 2])
        // Degree 10 as Annex A lists it, in exponents of α: x¹⁰ + α²⁵¹x⁹ + α⁶⁷x⁸ + …
        let exponents = QRCode.ReedSolomon.generator(degree: 10).map { QRCode.ReedSolomon.logarithms[Int($0)] }
        #expect(exponents == [0, 251, 67, 46, 61, 118, 70, 64, 94, 32, 45])
    }

    @Test func reedSolomonOfKnownBlocks() {
        // By hand: x² mod (x² + 3x + 2) = 3x + 2.
        #expect(QRCode.ReedSolomon.remainder(of: [1], degree: 2) == [3, 2])
        // Annex I: "01234567" in 1-M.
        #expect(QRCode.ReedSolomon.remainder(of: [16, 32, 12, 86, 97, 128, 236, 17, 236, 17, 236, 17, 236, 17, 236, 17], degree: 10)
            == [165, 36, 212, 193, 237, 54, 199, 135, 44, 85])
        // "HELLO WORLD" in 1-M (alphanumeric mode), also checked with the Python reedsolo package.
        #expect(QRCode.ReedSolomon.remainder(of: [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17], degree: 10)
            == [196, 35, 39, 119, 235, 215, 231, 226, 93, 23])
    }

    @Test func blockStructureIsTable9() {
        let v1 = QRCode.Blocks(version: 1, correction: .medium)
        #expect(v1.totalCodewords == 26 && v1.dataCodewords == 16 && v1.dataLengths == [16])
        let v5 = QRCode.Blocks(version: 5, correction: .quartile)
        #expect(v5.totalCodewords == 134 && v5.ecPerBlock == 18 && v5.dataLengths == [15, 15, 16, 16])
        let v7 = QRCode.Blocks(version: 7, correction: .medium)
        #expect(v7.totalCodewords == 196 && v7.ecPerBlock == 18 && v7.dataLengths == [31, 31, 31, 31])
        let v40 = QRCode.Blocks(version: 40, correction: .high)
        #expect(v40.totalCodewords == 3706 && v40.ecPerBlock == 30)
        #expect(v40.dataLengths == Array(repeating: 15, count: 20) + Array(repeating: 16, count: 61))
        for version in 1...40 {
            // The counted modules left for data match the closed form the capacities use.
            let grid = QRCode.Grid(version: version)
            #expect(grid.isFunction.filter { !$0 }.count == QRCode.Grid.dataModules(version: version))
            for correction in QRCode.Correction.allCases {
                let blocks = QRCode.Blocks(version: version, correction: correction)
                #expect(blocks.dataLengths.reduce(0, +) == blocks.dataCodewords)
                #expect(blocks.dataLengths.max()! - blocks.dataLengths.min()! <= 1)
            }
        }
    }

    @Test func interleavingTakesACodewordFromEachBlockInTurn() {
        // 5-Q: blocks of 15, 15, 16, 16 data codewords.
        let blocks = QRCode.Blocks(version: 5, correction: .quartile)
        let data = (0..<62).map { UInt8($0) }
        let out = QRCode.interleaved(data, blocks: blocks)
        #expect(out.count == 134)
        #expect(Array(out[0..<8]) == [0, 15, 30, 46, 1, 16, 31, 47])
        #expect(Array(out[56..<62]) == [14, 29, 44, 60, 45, 61])  // the last column holds only the long blocks'
        // Then the error-correction codewords, the same way.
        let ec = [data[0..<15], data[15..<30], data[30..<46], data[46..<62]].map { QRCode.ReedSolomon.remainder(of: Array($0), degree: 18) }
        #expect(Array(out[62...]) == (0..<18).flatMap { i in ec.map { $0[i] } })
    }

    // MARK: Function patterns

    func expectFinder(_ symbol: QRCode, left: Int, top: Int) {
        for dy in -1...7 {
            for dx in -1...7 {
                let ring = max(abs(dx - 3), abs(dy - 3))
                #expect(symbol.isDark(x: left + dx, y: top + dy) == (ring != 2 && ring != 4), "finder at \(left),\(top): \(dx),\(dy)")
            }
        }
    }

    @Test(arguments: [("A", QRCode.Correction.low), ("otpauth://totp/x", .medium), (String(repeating: "b", count: 150), .quartile), (String(repeating: "c", count: 700), .high)])
    func fixedPatternsArePresent(text: String, correction: QRCode.Correction) {
        let symbol = code(text, correction)
        let n = symbol.size
        expectFinder(symbol, left: 0, top: 0)
        expectFinder(symbol, left: n - 7, top: 0)
        expectFinder(symbol, left: 0, top: n - 7)
        for i in 8..<(n - 8) {
            #expect(symbol.isDark(x: i, y: 6) == (i % 2 == 0))
            #expect(symbol.isDark(x: 6, y: i) == (i % 2 == 0))
        }
        #expect(symbol.isDark(x: 8, y: n - 8))  // the dark module
        let centres = QRCode.Grid.alignmentCentres[symbol.version - 1]
        #expect(centres.first.map { $0 == 6 && centres.last! == n - 7 } ?? (symbol.version == 1))
        for cy in centres {
            for cx in centres where !((cx == 6 && cy == 6) || (cx == 6 && cy == n - 7) || (cx == n - 7 && cy == 6)) {
                for dy in -2...2 {
                    for dx in -2...2 {
                        #expect(symbol.isDark(x: cx + dx, y: cy + dy) == (max(abs(dx), abs(dy)) != 1), "alignment at \(cx),\(cy)")
                    }
                }
            }
        }
        if symbol.version >= 7 {
            let bits = QRCode.versionBits(symbol.version)
            for i in 0..<18 {
                #expect(symbol.isDark(x: i / 3, y: n - 11 + i % 3) == (bits >> i & 1 == 1))
                #expect(symbol.isDark(x: n - 11 + i % 3, y: i / 3) == (bits >> i & 1 == 1))
            }
        }
    }

    @Test func versionInformationIsTheStandards() {
        // Annex D: version 7 is 000111 110010010100, 8 is 001000 010110111100, 40 is 101000 110001101001.
        #expect(QRCode.versionBits(7) == 0x07C94)
        #expect(QRCode.versionBits(8) == 0x085BC)
        #expect(QRCode.versionBits(40) == 0x28C69)
    }

    /// Annex C: the 32 format information strings, as masked, for L, M, Q, H and masks 0–7.
    static let formatStrings: [QRCode.Correction: [String]] = [
        .low: ["111011111000100", "111001011110011", "111110110101010", "111100010011101",
               "110011000101111", "110001100011000", "110110001000001", "110100101110110"],
        .medium: ["101010000010010", "101000100100101", "101111001111100", "101101101001011",
                  "100010111111001", "100000011001110", "100111110010111", "100101010100000"],
        .quartile: ["011010101011111", "011000001101000", "011111100110001", "011101000000110",
                    "010010010110100", "010000110000011", "010111011011010", "010101111101101"],
        .high: ["001011010001001", "001001110111110", "001110011100111", "001100111010000",
                "000011101100010", "000001001010101", "000110100001100", "000100000111011"],
    ]

    @Test func formatStringsAreAnnexCs() {
        for (correction, strings) in Self.formatStrings {
            for (mask, string) in strings.enumerated() {
                #expect(QRCode.formatBits(correction: correction, mask: mask) == Int(string, radix: 2)!)
            }
        }
    }

    /// Reads the two copies of the format information the way a decoder does, bit 14 first.
    func formatCopies(_ symbol: QRCode) -> (Int, Int) {
        let n = symbol.size
        let first = [(0, 8), (1, 8), (2, 8), (3, 8), (4, 8), (5, 8), (7, 8), (8, 8), (8, 7), (8, 5), (8, 4), (8, 3), (8, 2), (8, 1), (8, 0)]
        let second = (1...7).map { (8, n - $0) } + (8...15).map { (n - 16 + $0, 8) }
        func read(_ positions: [(Int, Int)]) -> Int { positions.reduce(0) { $0 << 1 | (symbol.isDark(x: $1.0, y: $1.1) ? 1 : 0) } }
        return (read(first), read(second))
    }

    @Test func formatBitsDecodeToTheChosenLevelAndMask() {
        let levelBits: [Int: QRCode.Correction] = [0b01: .low, 0b00: .medium, 0b11: .quartile, 0b10: .high]
        for correction in QRCode.Correction.allCases {
            for text in ["x", "Công an lắng nghe ý kiến Nhân dân", ascii(100), ascii(400)] {
                let symbol = code(text, correction)
                let (first, second) = formatCopies(symbol)
                #expect(first == second)
                let unmasked = first ^ 0b101010000010010
                // A BCH(15,5) codeword: divisible by the generator 10100110111.
                var remainder = unmasked
                for bit in stride(from: 14, through: 10, by: -1) where remainder >> bit & 1 == 1 { remainder ^= 0b10100110111 << (bit - 10) }
                #expect(remainder == 0)
                #expect(levelBits[unmasked >> 13] == correction)
                #expect(unmasked >> 10 & 0b111 == symbol.mask)
                #expect(symbol.correction == correction)
            }
        }
    }

    // MARK: Masks

    @Test func penaltyRules() {
        var grid = QRCode.Grid(version: 1)
        // All light: rule 1, 42 runs of 21 (19 each); rule 2, 400 blocks (3 each); rule 4, 0 % dark (100).
        grid.dark = Array(repeating: false, count: 21 * 21)
        #expect(grid.penalty() == 798 + 1200 + 100)
        // A checkerboard has no run, no block, no finder-like pattern, and 221 of 441 dark.
        grid.dark = (0..<441).map { ($0 / 21 + $0 % 21) % 2 == 0 }
        #expect(grid.penalty() == 0)
        // One 1:1:3:1:1 pattern in the middle of the top row, light on both sides: counted once.
        grid.dark = Array(repeating: false, count: 441)
        for x in [7, 9, 10, 11, 13] { grid.dark[x] = true }
        #expect(grid.penalty() == 784 + 1176 + 40 + 90)
    }

    @Test func theMaskWithTheLowestPenaltyIsChosen() {
        for (text, correction) in [("otpauth://totp/Safeguard:a?secret=JBSWY3DPEHPK3PXP", QRCode.Correction.medium), (ascii(300), .low), ("Nhân dân", .high)] {
            let chosen = code(text, correction)
            let utf8ECI = text.utf8.contains { $0 >= 0x80 }
            let penalties = (0..<8).map { mask in
                let forced = try! QRCode(bytes: Array(text.utf8), correction: correction, utf8ECI: utf8ECI, mask: mask)
                #expect(forced.mask == mask && forced.version == chosen.version)
                var grid = QRCode.Grid(version: forced.version)
                grid.dark = forced.modules
                return grid.penalty()
            }
            #expect(chosen.mask == penalties.firstIndex(of: penalties.min()!)!)
            #expect(chosen == (try! QRCode(bytes: Array(text.utf8), correction: correction, utf8ECI: utf8ECI, mask: chosen.mask)))
        }
    }

    @Test func outsideTheSymbolIsLight() {
        let symbol = code("x")
        #expect(!symbol.isDark(x: -1, y: 0) && !symbol.isDark(x: 0, y: -1))
        #expect(!symbol.isDark(x: symbol.size, y: 0) && !symbol.isDark(x: 0, y: symbol.size))
        #expect(symbol.isDark(x: 0, y: 0))
    }
}
