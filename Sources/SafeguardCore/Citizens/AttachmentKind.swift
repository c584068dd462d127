import Foundation

/// Tệp đính kèm của người dân: what a file is by its first bytes, never by its name or the
/// browser's word — images, PDF and video are accepted; anything else (a program, an HTML page
/// that would run in an officer's browser) is refused.
public enum AttachmentKind: String, Sendable, Codable, CaseIterable {
    case jpeg, png, webp, gif, heic, pdf, mp4, quicktime, webm

    public var mediaType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .webp: "image/webp"
        case .gif: "image/gif"
        case .heic: "image/heic"
        case .pdf: "application/pdf"
        case .mp4: "video/mp4"
        case .quicktime: "video/quicktime"
        case .webm: "video/webm"
        }
    }

    public var isImage: Bool { [.jpeg, .png, .webp, .gif, .heic].contains(self) }

    /// The kind of a file from its first bytes (at least 16 are needed), or nil.
    public static func sniff(_ head: some Collection<UInt8>) -> AttachmentKind? {
        let b = Array(head.prefix(16))
        guard b.count >= 12 else { return nil }
        func ascii(_ range: Range<Int>) -> String { String(decoding: b[range], as: UTF8.self) }
        if b.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if b.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if ascii(0..<4) == "RIFF", ascii(8..<12) == "WEBP" { return .webp }
        if ascii(0..<6) == "GIF87a" || ascii(0..<6) == "GIF89a" { return .gif }
        if ascii(0..<5) == "%PDF-" { return .pdf }
        if b.starts(with: [0x1A, 0x45, 0xDF, 0xA3]) { return .webm }
        if ascii(4..<8) == "ftyp" {
            switch ascii(8..<12) {
            case "heic", "heix", "mif1", "msf1": return .heic
            case "qt  ": return .quicktime
            case "isom", "iso2", "mp41", "mp42", "avc1", "M4V ", "3gp4", "3gp5", "dash": return .mp4
            default: return nil
            }
        }
        return nil
    }
}
