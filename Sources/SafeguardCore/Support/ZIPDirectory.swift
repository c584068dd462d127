/// The names a ZIP archive lists in its central directory, read with every offset checked.
///
/// Office files are ZIP archives; whether a file is a Word document is whether its directory lists
/// `word/document.xml` — not whether those bytes occur somewhere in it (a text file, or any ZIP
/// holding a file that mentions the name, would pass). Nothing is inflated here.
public enum ZIPDirectory {
    /// The entry names, or nil when the bytes are not a well-formed ZIP archive.
    public static func names(in bytes: [UInt8]) -> [String]? {
        func u16(_ i: Int) -> Int? { i >= 0 && i + 2 <= bytes.count ? Int(bytes[i]) | Int(bytes[i + 1]) << 8 : nil }
        func u32(_ i: Int) -> Int? {
            guard let low = u16(i), let high = u16(i + 2) else { return nil }
            return low | high << 16
        }
        // The end-of-central-directory record: within the last 22 + 65,535 bytes (its comment).
        guard bytes.count >= 22 else { return nil }
        var end: Int?
        var i = bytes.count - 22
        let earliest = max(0, bytes.count - 22 - 65_535)
        while i >= earliest {
            if u32(i) == 0x0605_4B50 { end = i; break }
            i -= 1
        }
        guard let end, let count = u16(end + 10), let size = u32(end + 12), let offset = u32(end + 16),
              offset + size <= end
        else { return nil }
        var names: [String] = []
        var position = offset
        for _ in 0..<count {
            guard u32(position) == 0x0201_4B50, let nameLength = u16(position + 28), let extraLength = u16(position + 30),
                  let commentLength = u16(position + 32), position + 46 + nameLength <= bytes.count
            else { return nil }
            names.append(String(decoding: bytes[(position + 46)..<(position + 46 + nameLength)], as: UTF8.self))
            position += 46 + nameLength + extraLength + commentLength
        }
        return names
    }
}
