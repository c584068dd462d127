extension Array {
    /// The elements in runs of at most `size`: an `IN (…)` list stays within what every engine
    /// takes in one statement (SQLite's bound-parameter limit among them).
    func chunked(by size: Int = 500) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
