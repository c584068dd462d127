import Foundation
import Testing
@testable import SafeguardCore

/// TOTP's arithmetic against the RFCs' own values.
@Suite struct OneTimeCodeTests {
    /// RFC 4226 Appendix D: the HMAC-SHA-1 of counters 0–9 under the secret "12345678901234567890"
    /// and the 6-digit codes cut from them.
    static let appendixD: [(mac: String, code: String)] = [
        ("cc93cf18508d94934c64b65d8ba7667fb7cde4b0", "755224"), ("75a48a19d4cbe100644e8ac1397eea747a2d33ab", "287082"),
        ("0bacb7fa082fef30782211938bc1c5e70416ff44", "359152"), ("66c28227d03a2d5529262ff016a1e6ef76557ece", "969429"),
        ("a904c900a64b35909874b33e61c5938a8e15ed1c", "338314"), ("a37e783d7b7233c083d4f62926c7a25f238d0316", "254676"),
        ("bc9cd28561042c83f219324d3c607256c03272ae", "287922"), ("a4fb960c0bc06e1eabb804e5b397cdc4b45596fa", "162583"),
        ("1b3c89f65e6c9e883012052823443f048b4332db", "399871"), ("1637409809a679dc698207310c8c7fc07290d9e5", "520489"),
    ]

    static func bytes(_ hex: String) -> [UInt8] {
        stride(from: 0, to: hex.count, by: 2).map { UInt8(hex.dropFirst($0).prefix(2), radix: 16)! }
    }

    @Test func truncationGivesTheRFCsCodes() {
        let totp = OneTimeCode()
        for (mac, code) in Self.appendixD { #expect(totp.code(fromMAC: Self.bytes(mac)) == code) }
    }

    @Test func stepsAndCounters() {
        let totp = OneTimeCode()
        // RFC 6238 Appendix B: T = 1 at 59 s, 0x23523EC at 1111111109 s.
        #expect(totp.step(at: Date(timeIntervalSince1970: 59)) == 1)
        #expect(totp.step(at: Date(timeIntervalSince1970: 1_111_111_109)) == 0x23523EC)
        #expect(OneTimeCode.counterBytes(0x23523EC) == [0, 0, 0, 0, 0x02, 0x35, 0x23, 0xEC])
    }

    @Test func aCodeIsTakenFromTheWindowAndOnlyOnce() {
        let totp = OneTimeCode()
        let now = Date(timeIntervalSince1970: 300 * 30 + 10)
        #expect(totp.candidateSteps(at: now, lastAccepted: nil) == [301, 300, 299])
        #expect(totp.candidateSteps(at: now, lastAccepted: 300) == [301])
        // A fake MAC whose code is the counter's last byte, so each step has a code of its own.
        func mac(_ counter: [UInt8]) -> [UInt8] { [0, 0, 0, counter[7]] + Array(repeating: 0, count: 15) + [0] }
        let code300 = totp.code(fromMAC: mac(OneTimeCode.counterBytes(300)))
        #expect(totp.acceptedStep(for: code300, at: now, lastAccepted: nil, mac: mac) == 300)
        #expect(totp.acceptedStep(for: String(code300.prefix(3)) + " " + code300.dropFirst(3), at: now, lastAccepted: nil, mac: mac) == 300)
        #expect(totp.acceptedStep(for: code300, at: now, lastAccepted: 300, mac: mac) == nil)
        #expect(totp.acceptedStep(for: code300, at: now.addingTimeInterval(90), lastAccepted: nil, mac: mac) == nil)
        #expect(totp.acceptedStep(for: "12345", at: now, lastAccepted: nil, mac: mac) == nil)
        #expect(totp.acceptedStep(for: "１２３４５６", at: now, lastAccepted: nil, mac: mac) == nil)
    }

    @Test func theProvisioningAddressIsWhatAppsRead() {
        let uri = OneTimeCode().provisioningURI(secret: Array("12345678901234567890".utf8), issuer: "Safeguard Hải Phòng", account: "thuong.truc")
        #expect(uri == "otpauth://totp/Safeguard%20H%E1%BA%A3i%20Ph%C3%B2ng:thuong.truc?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            + "&issuer=Safeguard%20H%E1%BA%A3i%20Ph%C3%B2ng&algorithm=SHA1&digits=6&period=30")
    }
}
