/// Mã QR: a QR Code symbol (ISO/IEC 18004) for a short text, such as the `otpauth://` link an
/// authenticator app scans when an officer turns on two-step sign-in.
///
/// Written here from the standard rather than taken from a package, so that the core keeps to
/// Foundation and the server can draw the symbol itself (as SVG, without a script or an image
/// fetched from elsewhere, which a strict Content-Security-Policy would block anyway).
///
/// Only what such links need is implemented: byte mode (the text's UTF-8), versions 1–40, the
/// four error-correction levels, automatic choice of the smallest version and of the mask.
///
/// The standard reads byte mode as ISO 8859-1 unless an ECI (Extended Channel Interpretation)
/// header says otherwise, and readers that see no ECI guess: ZBar 0.23 reads the UTF-8 of
/// "Công an lắng nghe ý kiến Nhân dân" as Big5 ("C繫ng an l廕疸g…") and that of "Đồng chí" as
/// Shift JIS, though it reads them right after an ECI. So a text with any
/// character beyond ASCII is preceded by ECI 000026 (UTF-8), which costs 12 bits. An ASCII text,
/// which is the same in ISO 8859-1 and UTF-8 — an `otpauth://` link is one — gets no ECI, so
/// that it stays as small as it can be and is read by readers that do not know ECIs.
public struct QRCode: Sendable, Equatable {
    /// The error-correction level: how much of the symbol may be damaged or covered and still be
    /// read — about 7 %, 15 %, 25 % and 30 % of the codewords. More correction, bigger symbol.
    public enum Correction: Sendable, CaseIterable {
        case low, medium, quartile, high

        /// The level's two bits in the format information (Table 12): 01, 00, 11, 10 — not in the
        /// order of strength, so they are spelled out rather than derived from the case's position.
        var formatBits: Int {
            switch self {
            case .low: 0b01
            case .medium: 0b00
            case .quartile: 0b11
            case .high: 0b10
            }
        }

        /// The row in `QRCode.Blocks`' tables.
        var tableRow: Int {
            switch self {
            case .low: 0
            case .medium: 1
            case .quartile: 2
            case .high: 3
            }
        }
    }

    /// Why a text cannot be encoded.
    public enum Failure: Error, Equatable, Sendable {
        /// The text's UTF-8 is `bytes` long, more than version 40 holds at the asked level
        /// (2953 bytes of ASCII at low, 1273 at high; one byte less with the ECI).
        case tooLong(bytes: Int)
    }

    /// Modules per side, without the quiet zone: 17 + 4 × version.
    public let size: Int
    /// 1–40: the smallest that holds the text at the asked level.
    public let version: Int
    public let correction: Correction
    /// 0–7: the data mask that scored the lowest penalty (§7.8.3).
    public let mask: Int
    /// Row-major, `true` for dark.
    let modules: [Bool]

    /// Encodes `text`'s UTF-8 in byte mode (after an ECI header for UTF-8 when the text is not
    /// all ASCII), in the smallest version that holds it at `correction`, with the mask that the
    /// standard's four penalty rules score lowest.
    public init(encoding text: String, correction: Correction = .medium) throws(Failure) {
        let bytes = Array(text.utf8)
        try self.init(bytes: bytes, correction: correction, utf8ECI: bytes.contains { $0 >= 0x80 })
    }

    /// The encoder itself, on bytes. `utf8ECI` writes the ECI header for UTF-8 first. `mask` and
    /// `minimumVersion` force a choice the standard leaves to the encoder, so that tests can
    /// compare a symbol module for module with another encoder's.
    init(bytes: [UInt8], correction: Correction, utf8ECI: Bool = false, mask forcedMask: Int? = nil, minimumVersion: Int = 1) throws(Failure) {
        let header = utf8ECI ? Self.utf8ECIBits : 0
        guard let version = (max(1, minimumVersion)...40).first(where: { Self.fits(bytes.count, version: $0, correction: correction, headerBits: header) }) else {
            throw .tooLong(bytes: bytes.count)
        }
        let blocks = Blocks(version: version, correction: correction)
        let data = Self.dataCodewords(bytes, version: version, capacity: blocks.dataCodewords, utf8ECI: utf8ECI)
        let codewords = Self.interleaved(data, blocks: blocks)

        var grid = Grid(version: version)
        grid.place(codewords)

        var best: (mask: Int, grid: Grid, penalty: Int)?
        for mask in forcedMask.map({ [$0] }) ?? Array(0..<8) {
            var candidate = grid
            candidate.apply(mask: mask)
            candidate.drawFormat(correction: correction, mask: mask)
            let penalty = forcedMask == nil ? candidate.penalty() : 0
            if best == nil || penalty < best!.penalty { best = (mask, candidate, penalty) }
        }
        self.version = version
        self.size = grid.size
        self.correction = correction
        self.mask = best!.mask
        self.modules = best!.grid.dark
    }

    /// Whether the module in column `x`, row `y` (from the top-left corner) is dark. Outside the
    /// symbol is the quiet zone, which is light.
    public func isDark(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < size, y < size else { return false }
        return modules[y * size + x]
    }

    /// The symbol as a small SVG document to put inline in a page: one `<path>` whose
    /// sub-paths are the horizontal runs of dark modules, on a white background (a phone cannot
    /// read a symbol drawn on a dark page theme), `crispEdges` so that browsers do not blur the
    /// edges between modules, and `role="img"` with a `<title>` so that a screen reader says what
    /// it is. Nothing in it runs or loads anything.
    ///
    /// - Parameters:
    ///   - moduleSize: the width and height the document asks for, per module (at least 1).
    ///   - quietZone: light modules around the symbol; the standard asks for 4 (at least 0).
    ///   - title: the accessible name; escaped for XML, with characters XML cannot carry left out.
    public func svg(moduleSize: Int = 4, quietZone: Int = 4, title: String) -> String {
        let margin = max(0, quietZone)
        let extent = size + 2 * margin
        let pixels = extent * max(1, moduleSize)
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else { x += 1; continue }
                let start = x
                while x < size, isDark(x: x, y: y) { x += 1 }
                path += "M\(start + margin) \(y + margin)h\(x - start)v1h-\(x - start)z"
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(pixels)\" height=\"\(pixels)\" "
            + "viewBox=\"0 0 \(extent) \(extent)\" role=\"img\" shape-rendering=\"crispEdges\">"
            + "<title>\(XMLText.escaped(title))</title>"
            + "<rect width=\"\(extent)\" height=\"\(extent)\" fill=\"#fff\"/>"
            + "<path fill=\"#000\" d=\"\(path)\"/></svg>"
    }
}

// MARK: - Data codewords

extension QRCode {
    /// Bits of the character count indicator in byte mode (Table 3): 8 up to version 9, 16 after.
    static func countBits(version: Int) -> Int { version <= 9 ? 8 : 16 }

    /// The ECI header for UTF-8: mode 0111, then the ECI assignment number 26 in its one-byte
    /// form (0xxxxxxx).
    static let utf8ECIBits = 12

    /// Whether `count` bytes fit in `version` at `correction`: `headerBits` of ECI, mode
    /// indicator (4 bits), count, then 8 bits a byte, within the data codewords.
    static func fits(_ count: Int, version: Int, correction: Correction, headerBits: Int = 0) -> Bool {
        count < 1 << countBits(version: version)
            && headerBits + 4 + countBits(version: version) + 8 * count <= 8 * Blocks(version: version, correction: correction).dataCodewords
    }

    /// The bit stream of §7.4 cut into codewords: the ECI header if asked, mode 0100 (byte), the
    /// count, the bytes, up to four 0 bits of terminator, 0 bits to the next byte, then the pad
    /// codewords 11101100 and 00010001 in turn until `capacity` codewords.
    static func dataCodewords(_ bytes: [UInt8], version: Int, capacity: Int, utf8ECI: Bool = false) -> [UInt8] {
        var bits = BitBuffer()
        if utf8ECI {
            bits.append(0b0111, count: 4)
            bits.append(26, count: 8)
        }
        bits.append(0b0100, count: 4)
        bits.append(bytes.count, count: countBits(version: version))
        for byte in bytes { bits.append(Int(byte), count: 8) }
        bits.append(0, count: min(4, 8 * capacity - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var codewords = bits.bytes
        var pad: UInt8 = 0xEC
        while codewords.count < capacity {
            codewords.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return codewords
    }

    /// Splits the data codewords into the version's blocks, adds each block's Reed–Solomon
    /// codewords, then interleaves (§7.6): the first codeword of every block, then the second,
    /// and so on (the shorter blocks simply run out first), then the error-correction codewords
    /// the same way. Interleaving spreads a local smudge over many blocks, each of which can
    /// then correct its share.
    static func interleaved(_ data: [UInt8], blocks: Blocks) -> [UInt8] {
        var dataBlocks: [[UInt8]] = []
        var start = 0
        for length in blocks.dataLengths {
            dataBlocks.append(Array(data[start..<start + length]))
            start += length
        }
        let ecBlocks = dataBlocks.map { ReedSolomon.remainder(of: $0, degree: blocks.ecPerBlock) }
        var out: [UInt8] = []
        out.reserveCapacity(blocks.totalCodewords)
        for i in 0..<(blocks.dataLengths.max() ?? 0) {
            for block in dataBlocks where i < block.count { out.append(block[i]) }
        }
        for i in 0..<blocks.ecPerBlock {
            for block in ecBlocks { out.append(block[i]) }
        }
        return out
    }

    /// Bits written most significant first.
    struct BitBuffer {
        private(set) var bytes: [UInt8] = []
        private(set) var count = 0

        mutating func append(_ value: Int, count width: Int) {
            for shift in stride(from: width - 1, through: 0, by: -1) {
                if count % 8 == 0 { bytes.append(0) }
                if value >> shift & 1 == 1 { bytes[count / 8] |= 0x80 >> UInt8(count % 8) }
                count += 1
            }
        }
    }
}

// MARK: - Error correction

extension QRCode {
    /// The error-correction block structure of a version at a level (Table 9).
    ///
    /// The standard's table gives, per version and level, the number of error-correction
    /// codewords per block and the blocks in one or two groups. Only the first two numbers are
    /// kept here: the codewords of a version are fixed by its modules, the data codewords are
    /// what the error correction leaves, and the table always shares them as evenly as it can
    /// among the blocks, the longer blocks (one codeword more) coming last.
    struct Blocks: Equatable {
        let ecPerBlock: Int
        let count: Int
        let totalCodewords: Int

        init(version: Int, correction: Correction) {
            ecPerBlock = Self.ecCodewordsPerBlock[correction.tableRow][version - 1]
            count = Self.blockCounts[correction.tableRow][version - 1]
            totalCodewords = Grid.dataModules(version: version) / 8
        }

        var dataCodewords: Int { totalCodewords - ecPerBlock * count }

        /// The data codewords of each block, in order.
        var dataLengths: [Int] {
            let short = dataCodewords / count
            let longBlocks = dataCodewords % count
            return (0..<count).map { $0 < count - longBlocks ? short : short + 1 }
        }

        /// Error-correction codewords per block, versions 1–40, rows L, M, Q, H (Table 9).
        static let ecCodewordsPerBlock: [[Int]] = [
            [7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28,
             28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
            [10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
             26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28],
            [13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30,
             28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
            [17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28,
             30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
        ]

        /// Error-correction blocks (both groups together), versions 1–40, rows L, M, Q, H (Table 9).
        static let blockCounts: [[Int]] = [
            [1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8,
             8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25],
            [1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
             17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49],
            [1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20,
             23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68],
            [1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25,
             25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81],
        ]
    }

    /// Reed–Solomon codes over GF(2⁸) as the standard uses them (§7.5.2, Annex A): the field
    /// built on the primitive polynomial x⁸ + x⁴ + x³ + x² + 1 (0x11D) with α = 2, and the
    /// generator polynomial of degree n the product of (x − αⁱ) for i = 0 … n − 1.
    enum ReedSolomon {
        /// αⁱ for i = 0 … 509, doubled so that a product's exponent needs no reduction mod 255.
        static let exponentials: [UInt8] = {
            var table = [UInt8](repeating: 0, count: 510)
            var value = 1
            for i in 0..<255 {
                table[i] = UInt8(value)
                table[i + 255] = UInt8(value)
                value <<= 1
                if value & 0x100 != 0 { value ^= 0x11D }
            }
            return table
        }()

        /// The discrete logarithm base α; the entry for 0 is unused.
        static let logarithms: [Int] = {
            var table = [Int](repeating: 0, count: 256)
            for i in 0..<255 { table[Int(exponentials[i])] = i }
            return table
        }()

        static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
            guard a != 0, b != 0 else { return 0 }
            return exponentials[logarithms[Int(a)] + logarithms[Int(b)]]
        }

        /// The generator polynomial's coefficients, highest degree first (the first is 1).
        /// In characteristic 2, − is +.
        static func generator(degree: Int) -> [UInt8] {
            var g: [UInt8] = [1]
            for i in 0..<degree {
                let root = exponentials[i]
                var next = g + [0]  // g · x
                for j in 0..<g.count { next[j + 1] ^= multiply(g[j], root) }  // + g · αⁱ
                g = next
            }
            return g
        }

        /// The error-correction codewords of a block: the remainder of data(x) · xⁿ divided by
        /// the generator of degree n, highest degree first.
        static func remainder(of data: [UInt8], degree: Int) -> [UInt8] {
            let g = generator(degree: degree)
            var remainder = [UInt8](repeating: 0, count: degree)
            for byte in data {
                let factor = byte ^ remainder[0]
                remainder.removeFirst()
                remainder.append(0)
                for j in 0..<degree { remainder[j] ^= multiply(g[j + 1], factor) }
            }
            return remainder
        }
    }

    /// The remainder of `value` · x^`degree` divided by `generator`, polynomials over GF(2) as
    /// bits: the BCH check bits of the format (§7.9) and version (§7.10) information.
    static func bchCheckBits(_ value: Int, generator: Int, degree: Int) -> Int {
        var r = value << degree
        let top = Int.bitWidth - generator.leadingZeroBitCount - 1  // = degree
        for bit in stride(from: Int.bitWidth - r.leadingZeroBitCount - 1, through: top, by: -1) where r >> bit & 1 == 1 {
            r ^= generator << (bit - top)
        }
        return r
    }

    /// The 15 format bits for a level and mask: 5 data bits, 10 BCH(15,5) bits with generator
    /// x¹⁰ + x⁸ + x⁵ + x⁴ + x² + x + 1, XORed with 101010000010010 so that they are never all 0.
    static func formatBits(correction: Correction, mask: Int) -> Int {
        let data = correction.formatBits << 3 | mask
        return (data << 10 | bchCheckBits(data, generator: 0b101_0011_0111, degree: 10)) ^ 0b101_0100_0001_0010
    }

    /// The 18 version bits (versions 7 and up): 6 bits of version, 12 BCH(18,6) bits with
    /// generator x¹² + x¹¹ + x¹⁰ + x⁹ + x⁸ + x⁵ + x² + 1.
    static func versionBits(_ version: Int) -> Int {
        version << 12 | bchCheckBits(version, generator: 0b1_1111_0010_0101, degree: 12)
    }
}

// MARK: - The module matrix

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

        /// Whether data mask `mask` inverts the module in row `i`, column `j` (Table 10).
        static func masks(_ mask: Int, i: Int, j: Int) -> Bool {
            switch mask {
            case 0: (i + j) % 2 == 0
            case 1: i % 2 == 0
            case 2: j % 3 == 0
            case 3: (i + j) % 3 == 0
            case 4: (i / 2 + j / 3) % 2 == 0
            case 5: (i * j) % 2 + (i * j) % 3 == 0
            case 6: ((i * j) % 2 + (i * j) % 3) % 2 == 0
            default: ((i + j) % 2 + (i * j) % 3) % 2 == 0
            }
        }

        /// XORs the mask onto every module outside the function patterns.
        mutating func apply(mask: Int) {
            for y in 0..<size {
                for x in 0..<size where !isFunction[y * size + x] && Self.masks(mask, i: y, j: x) {
                    dark[y * size + x].toggle()
                }
            }
        }

        /// The penalty of §7.8.3 (Table 11) over the whole symbol, format information included;
        /// lower reads more easily. A mask is chosen so that the symbol has no large blocks of one
        /// colour and nothing a reader could take for a finder.
        ///
        /// 1. each run of five or more modules of one colour in a row or column: 3, plus 1 for
        ///    each module beyond five;
        /// 2. each 2 × 2 block of one colour (blocks may overlap): 3;
        /// 3. each 1:1:3:1:1 dark–light–dark–light–dark pattern with four light modules before or
        ///    after it (or both: it is one pattern), in a row or column: 40. The quiet zone around
        ///    the symbol is light, so modules past the edge count as light;
        /// 4. the share of dark modules: 10 for each whole 5 % it lies away from 50 %.
        func penalty() -> Int {
            var score = 0
            func at(_ x: Int, _ y: Int) -> Bool { dark[y * size + x] }
            for horizontal in [true, false] {
                for line in 0..<size {
                    func module(_ k: Int) -> Bool {
                        guard k >= 0, k < size else { return false }
                        return horizontal ? at(k, line) : at(line, k)
                    }
                    // Rule 1.
                    var run = 1
                    for k in 1...size {
                        if k < size, module(k) == module(k - 1) {
                            run += 1
                        } else {
                            if run >= 5 { score += 3 + run - 5 }
                            run = 1
                        }
                    }
                    // Rule 3: the 7-module core at k…k+6, then four light modules on one side.
                    for k in 0...(size - 7) {
                        let core = module(k) && !module(k + 1) && module(k + 2) && module(k + 3) && module(k + 4)
                            && !module(k + 5) && module(k + 6)
                        guard core else { continue }
                        let lightBefore = (k - 4..<k).allSatisfy { !module($0) }
                        let lightAfter = (k + 7..<k + 11).allSatisfy { !module($0) }
                        if lightBefore || lightAfter { score += 40 }
                    }
                }
            }
            // Rule 2.
            for y in 0..<size - 1 {
                for x in 0..<size - 1 {
                    let c = at(x, y)
                    if at(x + 1, y) == c, at(x, y + 1) == c, at(x + 1, y + 1) == c { score += 3 }
                }
            }
            // Rule 4: k whole steps of 5 % from 50 %, i.e. |dark/total × 100 − 50| / 5 rounded down.
            let darkCount = dark.lazy.filter { $0 }.count
            let total = size * size
            score += 10 * (abs(20 * darkCount - 10 * total) / total)
            return score
        }
    }
}
