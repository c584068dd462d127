import Foundation

/// Mã biên nhận: the only key to a citizen's report. Whoever holds it sees the report's status and
/// exchanges messages with the officers; Safeguard keeps only a keyed hash of it, so it cannot be
/// recovered, only re-typed.
///
/// 25 random decimal digits — 83 bits, beyond the 80 an online or offline guess would need
/// (SecureDrop's codenames are ≥ 80 bits; GlobaLeaks's 16 digits are 53) — shown as five groups of
/// five, which read aloud and type on a phone's number pad more easily than words. (Four groups of
/// five would be 66 bits: too few.)
public struct Receipt: Sendable, Equatable, CustomStringConvertible {
    public static let groupCount = 5
    public static let groupLength = 5
    public static var digitCount: Int { groupCount * groupLength }
    /// The entropy of a receipt drawn uniformly.
    public static var bits: Double { Double(digitCount) * log2(10) }

    /// The digits, without separators.
    public let digits: String

    /// A new receipt from `generator`, which must be a cryptographically secure one in production
    /// (`SystemRandomNumberGenerator` reads the kernel's CSPRNG); tests pass a seeded one.
    public static func generate(using generator: inout some RandomNumberGenerator) -> Receipt {
        var digits = ""
        for _ in 0..<digitCount { digits.append(Character(String(UInt8.random(in: 0...9, using: &generator)))) }
        return Receipt(validDigits: digits)
    }

    private init(validDigits: String) { digits = validDigits }

    /// A receipt as typed: spaces, dashes and dots are ignored; nil unless exactly 25 digits remain
    /// (full-width digits from a Vietnamese keyboard count as digits).
    public init?(typed text: String) {
        var digits = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace || "-.·".unicodeScalars.contains(scalar) { continue }
            guard let value = scalar.properties.numericType == .decimal ? scalar.properties.numericValue : nil else { return nil }
            digits.append(Character(String(Int(value))))
            if digits.count > Self.digitCount { return nil }
        }
        guard digits.count == Self.digitCount else { return nil }
        self.digits = digits
    }

    /// "12345 67890 12345 67890 12345".
    public var description: String {
        stride(from: 0, to: digits.count, by: Self.groupLength).map { start in
            let from = digits.index(digits.startIndex, offsetBy: start)
            return String(digits[from..<digits.index(from, offsetBy: Self.groupLength)])
        }.joined(separator: " ")
    }
}
