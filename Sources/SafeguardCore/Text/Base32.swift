/// Base32 (RFC 4648 §6): the form in which a TOTP secret is shown and carried in an
/// `otpauth://` link's `secret=`, because its alphabet (A–Z, 2–7) survives being read aloud,
/// typed by hand and put in a URL without escaping.
public enum Base32 {
    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// Encodes five bits per character, in upper case. Authenticator apps expect the secret
    /// without the `=` padding (Google's Key Uri Format says so), hence the default; `padding`
    /// adds it to a multiple of eight characters as RFC 4648 writes it.
    public static func encode(_ bytes: [UInt8], padding: Bool = false) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 4) / 5 * 8)
        var buffer = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8 | Int(byte)) & 0xFFFF
            bits += 8
            while bits >= 5 {
                out.append(alphabet[buffer >> (bits - 5) & 31])
                bits -= 5
            }
        }
        if bits > 0 { out.append(alphabet[buffer << (5 - bits) & 31]) }
        if padding {
            while out.count % 8 != 0 { out.append(UInt8(ascii: "=")) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes a secret as people type or paste it: either case, spaces (apps show the secret in
    /// groups of four) and `=` padding ignored. Returns nil for any other character, and for a
    /// length no encoder produces (1, 3 or 6 characters left over after the last full group of
    /// eight), so that a mistyped secret is refused rather than silently shortened.
    public static func decode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        var buffer = 0
        var bits = 0
        var characters = 0
        for scalar in text.unicodeScalars {
            let value: Int
            switch scalar {
            case "A"..."Z": value = Int(scalar.value) - 65
            case "a"..."z": value = Int(scalar.value) - 97
            case "2"..."7": value = Int(scalar.value) - 50 + 26
            case " ", "=": continue
            default: return nil
            }
            buffer = (buffer << 5 | value) & 0xFFF
            bits += 5
            characters += 1
            if bits >= 8 {
                out.append(UInt8(buffer >> (bits - 8) & 0xFF))
                bits -= 8
            }
        }
        guard ![1, 3, 6].contains(characters % 8) else { return nil }
        return out
    }
}
