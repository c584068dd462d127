import Foundation
import SafeguardCore
import Vapor

/// Đồng hồ: the one place the server reads the time. Deadlines, "late", reporting periods and the
/// early warning's closed weeks all follow Việt Nam's date (UTC+7, no daylight saving), and a test
/// or a training room pins that date (`pinned(today:)`, `SAFEGUARD_TODAY`) so what it shows does not
/// depend on the day it runs. Nothing else in the server calls `Date()` (`SourceRulesTests`).
public struct WallClock: Sendable {
    private let read: @Sendable () -> Date
    private let readTrue: @Sendable () -> Date

    public init(_ read: @escaping @Sendable () -> Date, true readTrue: @escaping @Sendable () -> Date = { Date() }) {
        self.read = read
        self.readTrue = readTrue
    }

    /// The current instant.
    public func now() -> Date { read() }

    /// The computer's own instant, never pinned: for what is shared with clocks outside the server
    /// — an authenticator app's codes follow the phone's real time, in a training room too.
    public func trueNow() -> Date { readTrue() }

    /// Today's date in Việt Nam.
    public var today: CalendarDate { CalendarDate(now()) }

    /// The computer's clock.
    public static let system = WallClock { Date() }

    /// A clock that believes it is 09:00 in Việt Nam on `today` when created and then runs at the
    /// normal pace, so timestamps still order the events of a test.
    public static func pinned(today: CalendarDate) -> WallClock {
        let started = Date()
        // 09:00 at UTC+7 is 02:00 UTC.
        let start = Date(timeIntervalSince1970: TimeInterval(today.dayNumber * 86_400 + 2 * 3600))
        return WallClock { start.addingTimeInterval(Date().timeIntervalSince(started)) }
    }
}

extension Application {
    private struct ClockKey: StorageKey { typealias Value = WallClock }

    /// The server's clock; `configure` sets it from the settings (the system clock unless pinned).
    public var clock: WallClock {
        get { storage[ClockKey.self] ?? .system }
        set { storage[ClockKey.self] = newValue }
    }
}

extension Request {
    /// The current instant, from the application's clock.
    var now: Date { application.clock.now() }
    /// Today's date in Việt Nam, from the application's clock.
    var today: CalendarDate { application.clock.today }
}
