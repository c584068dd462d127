/// The data codewords of a QR Code symbol: byte mode with its count, the terminator and padding,
/// and the blocks interleaved with their error correction (ISO/IEC 18004 §7.4–7.6).
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
