extension String {
    /// The text without leading and trailing white space (spaces, tabs, line breaks, the no-break
    /// space Excel leaves behind). Looks at the two ends first: imports call this on every field
    /// of a million rows, and nearly every field has nothing to trim.
    public var trimmed: String {
        let utf8 = self.utf8
        guard let first = utf8.first, let last = utf8.last else { return self }
        if (0x21..<0x80).contains(first) && (0x21..<0x80).contains(last) { return self }
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let end = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[start...end])
    }

    /// The text trimmed, or nil when nothing is left: an optional form field left blank.
    public var nilIfEmpty: String? {
        let text = trimmed
        return text.isEmpty ? nil : text
    }

    /// At most `limit` characters, cut at a word and ended with "…" when shortened: a list shows a
    /// long task's beginning and links to the whole text.
    public func shortened(to limit: Int) -> String {
        guard count > limit else { return self }
        let head = prefix(max(1, limit - 1))
        let cut = head.lastIndex(of: " ").map { head[..<$0] } ?? head
        return String(cut.isEmpty ? head : cut).trimmed + "…"
    }
}
