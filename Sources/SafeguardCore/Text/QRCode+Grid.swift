/// The module matrix of a QR Code symbol: function patterns and the placement of codewords
/// (ISO/IEC 18004 §7.3, §7.7).
extension QRCode {
    /// The matrix being built, with which modules belong to function patterns (finders,
    /// separators, timing, alignment, format and version information), where no data goes and
    /// which no mask changes.
    struct Grid: Equatable {
        let version: Int
        let size: Int
        var dark: [Bool]
        var isFunction: [Bool]

        /// Centre coordinates of the alignment patterns, used in both directions (Annex E, Table E.1).
        static let alignmentCentres: [[Int]] = [
            [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34],
            [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50], [6, 30, 54], [6, 32, 58], [6, 34, 62],
            [6, 26, 46, 66], [6, 26, 48, 70], [6, 26, 50, 74], [6, 30, 54, 78], [6, 30, 56, 82], [6, 30, 58, 86], [6, 34, 62, 90],
            [6, 28, 50, 72, 94], [6, 26, 50, 74, 98], [6, 30, 54, 78, 102], [6, 28, 54, 80, 106],
            [6, 32, 58, 84, 110], [6, 30, 58, 86, 114], [6, 34, 62, 90, 118],
            [6, 26, 50, 74, 98, 122], [6, 30, 54, 78, 102, 126], [6, 26, 52, 78, 104, 130],
            [6, 30, 56, 82, 108, 134], [6, 34, 60, 86, 112, 138], [6, 30, 58, 86, 114, 142], [6, 34, 62, 90, 118, 146],
            [6, 30, 54, 78, 102, 126, 150], [6, 24, 50, 76, 102, 128, 154], [6, 28, 54, 80, 106, 132, 158],
            [6, 32, 58, 84, 110, 136, 162], [6, 26, 54, 82, 110, 138, 166], [6, 30, 58, 86, 114, 142, 170],
        ]

        /// Modules left for codewords in a version: the square less the function patterns —
        /// three finders with their separators (8 × 8 each), the two copies of the format
        /// information and the dark module (31), the two timing patterns between the separators,
        /// the alignment patterns (5 × 5, less the 5 modules each of those on row or column 6
        /// shares with a timing pattern) and, from version 7, the two version blocks (36).
        static func dataModules(version: Int) -> Int {
            let size = 17 + 4 * version
            var modules = size * size - 3 * 64 - 31 - 2 * (size - 16)
            let n = alignmentCentres[version - 1].count
            if n > 0 { modules -= 25 * (n * n - 3) - 2 * 5 * (n - 2) }
            if version >= 7 { modules -= 36 }
            return modules
        }

        /// The function patterns of `version`, with the format areas reserved (drawn for level M,
        /// mask 0, until `drawFormat` draws the real ones).
        init(version: Int) {
            self.version = version
            size = 17 + 4 * version
            dark = Array(repeating: false, count: size * size)
            isFunction = Array(repeating: false, count: size * size)

            // Timing patterns: alternating, dark on even coordinates; the finders overwrite their ends.
            for i in 0..<size {
                set(i, 6, dark: i % 2 == 0)
                set(6, i, dark: i % 2 == 0)
            }
            // Finder patterns (7 × 7: dark ring, light ring, dark 3 × 3) with a light separator
            // around them, in three corners.
            for (left, top) in [(0, 0), (size - 7, 0), (0, size - 7)] {
                for dy in -1...7 {
                    for dx in -1...7 {
                        let (x, y) = (left + dx, top + dy)
                        guard x >= 0, y >= 0, x < size, y < size else { continue }
                        let ring = max(abs(dx - 3), abs(dy - 3))
                        set(x, y, dark: ring != 2 && ring != 4)
                    }
                }
            }
            // Alignment patterns (5 × 5: dark ring, light ring, dark centre) at every pair of
            // centres but the three that would lie on a finder.
            let centres = Self.alignmentCentres[version - 1]
            for cy in centres {
                for cx in centres {
                    let onFinder = (cx == 6 && cy == 6) || (cx == 6 && cy == centres.last!) || (cx == centres.last! && cy == 6)
                    if onFinder { continue }
                    for dy in -2...2 {
                        for dx in -2...2 { set(cx + dx, cy + dy, dark: max(abs(dx), abs(dy)) != 1) }
                    }
                }
            }
            drawFormat(correction: .medium, mask: 0)
            // The dark module beside the lower-left format copy, always dark.
            set(8, size - 8, dark: true)
            // Version information: a 6 × 3 block above the lower-left finder and its transpose
            // left of the upper-right one; bit i at (i / 3, size − 11 + i % 3).
            if version >= 7 {
                let bits = QRCode.versionBits(version)
                for i in 0..<18 {
                    let on = bits >> i & 1 == 1
                    set(i / 3, size - 11 + i % 3, dark: on)
                    set(size - 11 + i % 3, i / 3, dark: on)
                }
            }
        }

        private mutating func set(_ x: Int, _ y: Int, dark on: Bool) {
            dark[y * size + x] = on
            isFunction[y * size + x] = true
        }

        /// The two copies of the 15 format bits (§7.9.1, Figure 25), bit 14 the most significant.
        /// Around the upper-left finder: bits 0–5 down column 8 from the top, skipping the timing
        /// row, bits 6–8 at the corner, bits 9–14 leftwards along row 8. The other copy: bits 0–7
        /// leftwards along row 8 from the right edge, bits 8–14 down column 8 to the bottom edge.
        mutating func drawFormat(correction: Correction, mask: Int) {
            let bits = QRCode.formatBits(correction: correction, mask: mask)
            func bit(_ i: Int) -> Bool { bits >> i & 1 == 1 }
            for i in 0...5 { set(8, i, dark: bit(i)) }
            set(8, 7, dark: bit(6))
            set(8, 8, dark: bit(7))
            set(7, 8, dark: bit(8))
            for i in 9...14 { set(14 - i, 8, dark: bit(i)) }
            for i in 0...7 { set(size - 1 - i, 8, dark: bit(i)) }
            for i in 8...14 { set(8, size - 15 + i, dark: bit(i)) }
        }

        /// Places the codewords, most significant bit first, in the zigzag of §7.7.3: two-module
        /// columns from the right edge, up the first, down the next, and so on; each pair of rows
        /// right module then left; function modules skipped; the vertical timing column (6)
        /// skipped as a whole. Modules left over (the remainder bits) stay light.
        mutating func place(_ codewords: [UInt8]) {
            let total = codewords.count * 8
            var index = 0
            var right = size - 1
            var upward = true
            while right >= 1 {
                if right == 6 { right = 5 }
                for step in 0..<size {
                    let y = upward ? size - 1 - step : step
                    for x in [right, right - 1] where !isFunction[y * size + x] {
                        if index < total {
                            dark[y * size + x] = codewords[index / 8] >> (7 - index % 8) & 1 == 1
                            index += 1
                        }
                    }
                }
                upward.toggle()
                right -= 2
            }
            assert(index == total, "every codeword placed")
        }
    }
}
