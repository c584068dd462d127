/// A ZIP archive with its entries stored (not compressed), written byte by byte for tests that need
/// a real archive or one that lies: the names in the central directory are what the archive holds.
enum StoredZip {
    static func archive(_ entries: [(name: String, bytes: [UInt8])]) -> [UInt8] {
        func u16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func u32(_ v: Int) -> [UInt8] { u16(v & 0xFFFF) + u16(v >> 16 & 0xFFFF) }
        var out: [UInt8] = []
        var directory: [UInt8] = []
        for entry in entries {
            let name = Array(entry.name.utf8)
            let offset = out.count
            out += u32(0x0403_4B50) + u16(20) + u16(0) + u16(0) + u16(0) + u16(0) + u32(0)
                + u32(entry.bytes.count) + u32(entry.bytes.count) + u16(name.count) + u16(0) + name + entry.bytes
            directory += u32(0x0201_4B50) + u16(20) + u16(20) + u16(0) + u16(0) + u16(0) + u16(0) + u32(0)
                + u32(entry.bytes.count) + u32(entry.bytes.count) + u16(name.count) + u16(0) + u16(0) + u16(0) + u16(0)
                + u32(0) + u32(offset) + name
        }
        let start = out.count
        out += directory
        out += u32(0x0605_4B50) + u16(0) + u16(0) + u16(entries.count) + u16(entries.count) + u32(directory.count) + u32(start) + u16(0)
        return out
    }
}
