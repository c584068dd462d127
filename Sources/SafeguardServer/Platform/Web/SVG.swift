import Foundation

/// Text and numbers as the server-drawn SVG charts write them.
enum SVG {
    /// A coordinate with one decimal: enough for a screen, short in the page.
    static func number(_ value: Double) -> String { String(format: "%.1f", value) }

    /// Text for an element or an attribute value.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
