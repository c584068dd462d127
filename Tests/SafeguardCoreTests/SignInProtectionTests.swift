import Foundation
import Testing
@testable import SafeguardCore

/// The client's address behind trusted proxies, and when a sign-in attempt must wait.
@Suite struct SignInProtectionTests {
    let proxies = TrustedProxies(parsing: "10.0.0.0/8, 127.0.0.1, fd00::/8")!

    @Test func addressesAndNetworksAreParsed() {
        #expect(TrustedProxies.address("192.168.1.10") == [192, 168, 1, 10])
        #expect(TrustedProxies.address("::1") == [UInt8](repeating: 0, count: 15) + [1])
        #expect(TrustedProxies.address("2001:db8::8:800:200c:417a") == [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0x08, 0x08, 0, 0x20, 0x0c, 0x41, 0x7a])
        #expect(TrustedProxies.address("::ffff:10.1.2.3") == [UInt8](repeating: 0, count: 10) + [0xff, 0xff, 10, 1, 2, 3])
        #expect(TrustedProxies.address("fe80::1%eth0") == [0xfe, 0x80] + [UInt8](repeating: 0, count: 13) + [1])
        for bad in ["256.1.1.1", "1.2.3", "1.2.3.4.5", "１.2.3.4", "1::2::3", "12345::", "example.org", "", "1.2.3.4 "] {
            #expect(TrustedProxies.address(bad) == nil, "\(bad)")
        }
        for bad in ["10.0.0.0/33", "10.0.0.0/x", "proxy", "10.0.0.0/8/8", "::/129"] {
            #expect(TrustedProxies(parsing: bad) == nil, "\(bad)")
        }
        #expect(TrustedProxies(parsing: "")?.networks.isEmpty == true)
        #expect(proxies.contains("10.200.3.4") && proxies.contains("127.0.0.1") && proxies.contains("fd12::1"))
        #expect(!proxies.contains("11.0.0.1") && !proxies.contains("127.0.0.2") && !proxies.contains("fe00::1"))
        #expect(TrustedProxies(parsing: "192.168.1.0/26")!.contains("192.168.1.63") && !TrustedProxies(parsing: "192.168.1.0/26")!.contains("192.168.1.64"))
    }

    @Test func theClientIsTheFirstUntrustedHopFromTheRight() {
        // A peer that is not a proxy: its own header is ignored (it could say anything).
        #expect(proxies.client(peer: "203.0.113.9", forwardedFor: ["1.2.3.4"]) == "203.0.113.9")
        // Behind the load balancer: the address it added.
        #expect(proxies.client(peer: "10.0.0.5", forwardedFor: ["203.0.113.9"]) == "203.0.113.9")
        // The client forged a left-most entry; the balancer appended the real one.
        #expect(proxies.client(peer: "10.0.0.5", forwardedFor: ["1.2.3.4, 203.0.113.9"]) == "203.0.113.9")
        // Two proxies (nginx behind HAProxy), the header split over two lines.
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["198.51.100.7", "10.0.0.5"]) == "198.51.100.7")
        // Every hop trusted (a health check from inside): the left-most.
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: ["10.0.0.5"]) == "10.0.0.5")
        // No header, or garbage: the nearest believable hop.
        #expect(proxies.client(peer: "10.0.0.5", forwardedFor: []) == "10.0.0.5")
        #expect(proxies.client(peer: "10.0.0.5", forwardedFor: ["203.0.113.9, unknown"]) == "10.0.0.5")
        #expect(TrustedProxies.none.client(peer: "10.0.0.5", forwardedFor: ["203.0.113.9"]) == "10.0.0.5")
    }

    let policy = LoginThrottlePolicy()
    let now = Date(timeIntervalSince1970: 1_796_000_000)

    @Test func anAccountMistypedFromOneAddressWaitsTheWindowThere() {
        let four = LoginThrottlePolicy.History(pairFailures: 4, lastPairFailure: now, accountFailures: 4, lastAccountFailure: now)
        #expect(policy.decide(four, now: now) == .allowed)
        // A failure stored a hair after "now" (a database's rounding) is no reason to wait.
        let later = now.addingTimeInterval(0.001)
        #expect(policy.decide(.init(pairFailures: 1, lastPairFailure: later, accountFailures: 1, lastAccountFailure: later,
                                    accountsFailedFromAddress: 1, lastAddressFailure: later), now: now) == .allowed)
        let five = LoginThrottlePolicy.History(pairFailures: 5, lastPairFailure: now, accountFailures: 5, lastAccountFailure: now)
        #expect(policy.decide(five, now: now) == .wait(until: now.addingTimeInterval(15 * 60)))
        #expect(policy.decide(five, now: now.addingTimeInterval(15 * 60)) == .allowed)
    }

    @Test func anAttackerElsewhereOnlyDelaysTheOwner() {
        // Guesses from other addresses: the owner's own address has no failures.
        for (failures, delay) in [(5, 1.0), (6, 2), (7, 4), (10, 32), (11, 60), (500, 60)] {
            let history = LoginThrottlePolicy.History(accountFailures: failures, lastAccountFailure: now)
            #expect(policy.decide(history, now: now) == .wait(until: now.addingTimeInterval(delay)), "\(failures)")
            #expect(policy.decide(history, now: now.addingTimeInterval(60)) == .allowed)
        }
    }

    @Test func aSharedAddressIsSlowedOnlyForSprayingManyAccounts() {
        // One person behind a NAT failing twenty times: one account, nothing for the address.
        let oneAccount = LoginThrottlePolicy.History(accountsFailedFromAddress: 1, lastAddressFailure: now)
        #expect(policy.decide(oneAccount, now: now) == .allowed)
        let nineteen = LoginThrottlePolicy.History(accountsFailedFromAddress: 19, lastAddressFailure: now)
        #expect(policy.decide(nineteen, now: now) == .allowed)
        let spraying = LoginThrottlePolicy.History(accountsFailedFromAddress: 26, lastAddressFailure: now)
        #expect(policy.decide(spraying, now: now) == .wait(until: now.addingTimeInterval(60)))
        #expect(policy.decide(spraying, now: now.addingTimeInterval(61)) == .allowed)
    }
}
