/// Text safe inside an XML element or attribute — the SVG drawn on the server, the Office files
/// written: the five special characters as entities, and the characters XML 1.0 does not allow at
/// all (controls other than tab and line ends, U+FFFE, U+FFFF) left out, since one of them makes
/// the whole document unreadable.
public enum XMLText {
    public static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                if v < 0x20 || v == 0xFFFE || v == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
