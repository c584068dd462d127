import Foundation

/// Search keys for Vietnamese text typed with or without diacritics ("thuy nguyen" finds "Thủy Nguyên").
public enum VietnameseFolding {
    /// Lower-cases, removes tone and vowel marks, maps đ to d and collapses white space.
    ///
    /// Done by Unicode canonical decomposition and dropping combining marks, so it does not
    /// depend on the platform's locale tables (Foundation on Linux differs from Darwin there).
    public static func fold(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var lastWasSpace = true
        for scalar in text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.value {
            case 0x0300...0x036F: continue  // combining diacritical marks
            case 0x0111: scalars.append("d")  // đ
            default:
                if scalar.properties.isWhitespace {
                    if !lastWasSpace { scalars.append(" ") }
                    lastWasSpace = true
                    continue
                }
                scalars.append(scalar)
            }
            lastWasSpace = false
        }
        return String(scalars).trimmingCharacters(in: .whitespaces)
    }
}
