import Crypto
import Foundation
import SafeguardCore
import Vapor

/// The portal's secrets, derived from the master key: the receipts' hash key, the challenges'
/// signing key, and the key of the day's address hashes (rate limits, in memory only).
struct PortalKeys: Sendable {
    private let receipts: SymmetricKey
    private let challenges: SymmetricKey
    private let addresses: SymmetricKey

    init(master: MasterKey) {
        receipts = master.derived(for: .tipReceipts)
        challenges = master.derived(for: .tipChallenges)
        addresses = master.derived(for: .tipRateLimits)
    }

    /// The stored form of a receipt: HMAC-SHA-256, so a stolen database cannot be searched for
    /// receipts even by trying all of them.
    func hash(_ receipt: Receipt) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(receipt.digits.utf8), using: receipts).hex
    }

    /// A client address as the limits know it today: keyed with the day, so tomorrow's hash of the
    /// same address is unrelated, and never written anywhere.
    func addressKey(_ address: String, day: CalendarDate) -> String {
        let dayKey = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Data(day.description.utf8), using: addresses))
        return HMAC<SHA256>.authenticationCode(for: Data(address.utf8), using: dayKey).hex
    }

    // MARK: Proof-of-work challenges

    /// "issued.difficulty.random.mac": when it was issued (seconds), how many zero bits it asks,
    /// 16 random hex digits and a MAC over the rest, so the server keeps nothing until it is spent.
    func challenge(issuedAt: Date, difficulty: Int) -> String {
        let random = (0..<8).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        let body = "\(Int(issuedAt.timeIntervalSince1970)).\(difficulty).\(random)"
        return body + "." + mac(body)
    }

    private func mac(_ body: String) -> String {
        String(HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: challenges).hex.prefix(32))
    }

    struct Challenge: Sendable {
        var issuedAt: Date
        var difficulty: Int
        /// SHA-256 of the whole challenge: what `tip_spent_challenges` keeps.
        var digest: String
    }

    /// The challenge if the server issued it (its MAC holds), else nil.
    func read(_ text: String) -> Challenge? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, text.count <= 120, let seconds = Int(parts[0]), let difficulty = Int(parts[1]), (0...64).contains(difficulty) else { return nil }
        let body = parts[0...2].joined(separator: ".")
        guard mac(body) == String(parts[3]) else { return nil }
        return Challenge(issuedAt: Date(timeIntervalSince1970: Double(seconds)), difficulty: difficulty, digest: SHA256.hash(data: Data(text.utf8)).hex)
    }

    /// Whether `nonce` solves `challenge`: SHA-256 of "challenge:nonce" starts with the asked zero bits.
    static func solves(_ nonce: String, _ challenge: String, difficulty: Int) -> Bool {
        guard !nonce.isEmpty, nonce.count <= 40 else { return false }
        return ProofOfWork.leadingZeroBits(SHA256.hash(data: Data("\(challenge):\(nonce)".utf8))) >= difficulty
    }
}
