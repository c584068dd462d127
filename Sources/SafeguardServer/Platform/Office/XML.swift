import SafeguardCore

/// Text for XML elements and attributes (`XMLText` in the core, shared with the SVG it draws).
enum XML {
    static func escape(_ text: String) -> String { XMLText.escaped(text) }
}
