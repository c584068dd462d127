import Foundation

/// Bằng chứng công việc (hashcash): before a citizen's report is accepted, the page finds a nonce
/// whose SHA-256 with the server's challenge starts with `difficulty` zero bits — about a second
/// of a cheap phone's time, nothing for one citizen, a real cost for a flood from one machine.
/// The difficulty rises with the recent load, so a flood slows itself down without locking out
/// people who share an address (a carrier's NAT, a school).
///
/// The hash itself is the server's (swift-crypto); this type holds the rules.
public enum ProofOfWork {
    /// Leading zero bits of a digest.
    public static func leadingZeroBits(_ digest: some Sequence<UInt8>) -> Int {
        var bits = 0
        for byte in digest {
            if byte == 0 { bits += 8; continue }
            return bits + byte.leadingZeroBitCount
        }
        return bits
    }

    /// The difficulty policy: `base` bits while submissions in the last window stay at or under
    /// `calm`; one bit more (twice the work) for each doubling beyond it, up to `maximum`.
    public struct Policy: Sendable, Equatable {
        public var base: Int
        public var calm: Int
        public var maximum: Int

        public init(base: Int, calm: Int, maximum: Int) {
            self.base = base
            self.calm = calm
            self.maximum = maximum
        }

        /// 18 bits: 262,144 hashes expected — about a second with WebCrypto on a low-end phone.
        public static let standard = Policy(base: 18, calm: 60, maximum: 26)

        public func difficulty(recentSubmissions: Int) -> Int {
            guard recentSubmissions > calm, calm > 0 else { return base }
            let doublings = Int(log2(Double(recentSubmissions) / Double(calm)).rounded(.up))
            return min(maximum, base + max(1, doublings))
        }
    }
}
