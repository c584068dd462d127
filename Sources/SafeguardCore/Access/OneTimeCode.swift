import Foundation

/// Mã xác thực một lần: the time-based one-time codes of authenticator apps (TOTP, RFC 6238, over
/// HOTP, RFC 4226). The core holds the arithmetic — time steps, the window a code may come from,
/// the digits cut from a MAC, the rule that a code is good once — and is handed the HMAC, so it
/// stays free of a crypto library and is tested against the RFCs' own intermediate values.
public struct OneTimeCode: Sendable, Equatable {
    /// Seconds per step (RFC 6238's default, what every authenticator app uses).
    public var period: Int64 = 30
    public var digits = 6
    /// Steps either side of now a code is still taken from: the phone's clock may be off by up to
    /// `skew × period` seconds, and the user needs time to type.
    public var skew: Int64 = 1

    public init() {}

    /// The time step containing `date` (T = floor(unix time / period)).
    public func step(at date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / Double(period)).rounded(.down))
    }

    /// The steps a code typed at `date` may be for, newest first, leaving out the last step a code
    /// was accepted for and those before it: a code seen once (over a shoulder, in a proxy log)
    /// cannot be used again (RFC 6238 §5.2).
    public func candidateSteps(at date: Date, lastAccepted: Int64?) -> [Int64] {
        let now = step(at: date)
        return stride(from: now + skew, through: now - skew, by: -1).filter { step in lastAccepted.map { step > $0 } ?? true }
    }

    /// The code for an HMAC value of a counter (RFC 4226 §5.3, dynamic truncation).
    public func code(fromMAC mac: [UInt8]) -> String {
        precondition(mac.count >= 20, "an HMAC-SHA-1 (or longer) value")
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let binary = (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }

    /// The 8-byte big-endian counter the HMAC is computed over.
    public static func counterBytes(_ step: Int64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: UInt64(bitPattern: step) >> (8 * (7 - $0))) }
    }

    /// The step `typed` is the code of, among the candidates; nil if none. `mac` computes the
    /// HMAC of a counter with the account's secret.
    public func acceptedStep(for typed: String, at date: Date, lastAccepted: Int64?, mac: ([UInt8]) -> [UInt8]) -> Int64? {
        let cleaned = typed.filter { !$0.isWhitespace }
        guard cleaned.count == digits, cleaned.allSatisfy(\.isASCII), cleaned.allSatisfy(\.isNumber) else { return nil }
        return candidateSteps(at: date, lastAccepted: lastAccepted).first { code(fromMAC: mac(Self.counterBytes($0))) == cleaned }
    }

    /// The `otpauth://` address authenticator apps read from a QR code (the Key URI format of
    /// Google Authenticator, which the others follow): issuer and account label, the secret in
    /// base32 without padding.
    public func provisioningURI(secret: [UInt8], issuer: String, account: String) -> String {
        func escaped(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
        }
        return "otpauth://totp/\(escaped(issuer)):\(escaped(account))?secret=\(Base32.encode(secret))&issuer=\(escaped(issuer))"
            + "&algorithm=SHA1&digits=\(digits)&period=\(period)"
    }
}

extension Role {
    /// The roles that must sign in with a second factor by default: the accounts that can read or
    /// change every unit's data or every account (ASVS 5.0 level 2 asks it of such accounts).
    public static let secondFactorRequiredByDefault: Set<Role> = [.standingOffice, .systemAdmin]
}
