/// Reed–Solomon error correction over GF(256) and the BCH codes of the format and version
/// information (ISO/IEC 18004 §7.5, §7.9, §7.10).
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
