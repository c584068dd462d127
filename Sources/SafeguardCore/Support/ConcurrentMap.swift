import Dispatch

extension Array where Element: Sendable {
    /// `map` spread over the machine's cores (Dispatch's `concurrentPerform`): for many independent
    /// pieces of arithmetic, such as one detector run per unit series. Order is kept.
    public func concurrentMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
        guard count > 1 else { return map(transform) }
        var results = [T?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let buffer = buffer
            // Interleaved chunks of 16 balance cheap and expensive elements across workers.
            let chunk = 16, chunks = (count + chunk - 1) / chunk
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                for i in (c * chunk)..<Swift.min(count, (c + 1) * chunk) { buffer[i] = transform(self[i]) }
            }
        }
        return results.map { $0! }
    }
}
