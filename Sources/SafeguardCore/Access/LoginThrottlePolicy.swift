import Foundation

/// Chống dò mật khẩu: when a sign-in attempt is refused before the password is even checked.
///
/// Three counts, over the last `window`, so that guessing is slow while nobody can lock out someone
/// else (OWASP ASVS 5.0 V6.3: "… without allowing an attacker to lock out legitimate users"):
///
/// - **an account from one address**: after `failuresFromOneAddress` failures that pair waits the
///   window out — the person mistyping, or the guesser, at that address only;
/// - **an account from anywhere**: after `freeFailuresPerAccount` failures each further attempt
///   waits a delay that doubles with every failure, up to `maximumDelay` — an attacker who knows a
///   username slows its owner by at most that, never locks them out;
/// - **an address for many accounts**: once it has failed for `accountsPerAddress` different
///   accounts (password spraying), it waits the same kind of delay. Failures of one account, however
///   many, do not count here, so a shared address (a carrier's NAT, a training room) where one
///   person mistypes twenty times leaves everybody else signing in.
public struct LoginThrottlePolicy: Sendable, Equatable {
    public var failuresFromOneAddress = 5
    public var freeFailuresPerAccount = 5
    public var accountsPerAddress = 20
    public var maximumDelay: TimeInterval = 60
    public var window: TimeInterval = 15 * 60

    public init() {}

    /// What the attempts of the last `window` show.
    public struct History: Sendable, Equatable {
        /// Failures of this account from this address, and the last one.
        public var pairFailures: Int
        public var lastPairFailure: Date?
        /// Failures of this account from any address, and the last one.
        public var accountFailures: Int
        public var lastAccountFailure: Date?
        /// The different accounts this address failed for, and its last failure.
        public var accountsFailedFromAddress: Int
        public var lastAddressFailure: Date?

        public init(pairFailures: Int = 0, lastPairFailure: Date? = nil, accountFailures: Int = 0, lastAccountFailure: Date? = nil,
                    accountsFailedFromAddress: Int = 0, lastAddressFailure: Date? = nil) {
            self.pairFailures = pairFailures
            self.lastPairFailure = lastPairFailure
            self.accountFailures = accountFailures
            self.lastAccountFailure = lastAccountFailure
            self.accountsFailedFromAddress = accountsFailedFromAddress
            self.lastAddressFailure = lastAddressFailure
        }
    }

    public enum Decision: Sendable, Equatable {
        case allowed
        /// Refused, before the password is checked; try again from this moment.
        case wait(until: Date)
    }

    /// The delay after `count` failures when `free` cost nothing: 1 s, 2 s, 4 s… up to `maximumDelay`.
    public func delay(after count: Int, free: Int) -> TimeInterval {
        guard count >= free else { return 0 }
        return min(maximumDelay, pow(2, Double(min(count - free, 30))))
    }

    public func decide(_ history: History, now: Date) -> Decision {
        var until: Date?
        func wait(_ moment: Date) { if moment > now { until = max(until ?? moment, moment) } }
        if history.pairFailures >= failuresFromOneAddress, let last = history.lastPairFailure { wait(last.addingTimeInterval(window)) }
        // No delay is no wait, even when the stored time of the last failure reads a hair later than now.
        let accountDelay = delay(after: history.accountFailures, free: freeFailuresPerAccount)
        if accountDelay > 0, let last = history.lastAccountFailure { wait(last.addingTimeInterval(accountDelay)) }
        let addressDelay = delay(after: history.accountsFailedFromAddress, free: accountsPerAddress)
        if addressDelay > 0, let last = history.lastAddressFailure { wait(last.addingTimeInterval(addressDelay)) }
        return until.map(Decision.wait(until:)) ?? .allowed
    }
}
