import Foundation
import SafeguardCore
import Vapor

/// Giới hạn tần suất của cổng công khai, held in this instance's memory only: per client address
/// (by the day's keyed hash, `PortalKeys.addressKey`, forgotten when the day turns) and for the
/// whole portal. Generous per address — a carrier's NAT or a school puts many people behind one —
/// because the proof of work, not the address, is what makes a flood expensive.
actor PortalLimits {
    struct Rule: Sendable {
        /// Each rule counts its own hits: a look-up never uses up a report's place.
        var name: String
        var count: Int
        var window: TimeInterval
    }

    /// Reports sent from one address in an hour.
    static let submissionsPerAddress = Rule(name: "submissions", count: 30, window: 3600)
    /// Status look-ups, messages and answers from one address in an hour (receipts are not guessed
    /// by the thousand: 83 bits, and this).
    static let lookupsPerAddress = Rule(name: "lookups", count: 300, window: 3600)
    /// Reports sent without JavaScript (no proof of work) from the whole city in ten minutes.
    static let withoutWorkCitywide = Rule(name: "without-work", count: 30, window: 600)
    /// Reports the whole portal takes in ten minutes, however many addresses send them: a ceiling
    /// on what a distributed flood can store (its files included), far above a city's real rate.
    static let citywide = Rule(name: "citywide", count: 600, window: 600)

    private var day: CalendarDate?
    private var hits: [String: [Date]] = [:]
    private var recent: [Date] = []
    private var withoutWork: [Date] = []

    /// Records a hit for `key` under `rule` if it is allowed; false when the limit is reached.
    func allow(_ key: String, _ rule: Rule, now: Date) -> Bool {
        let today = CalendarDate(now)
        if day != today { hits = [:]; day = today }
        let key = rule.name + "|" + key
        var times = hits[key, default: []].filter { now.timeIntervalSince($0) < rule.window }
        guard times.count < rule.count else { hits[key] = times; return false }
        times.append(now)
        hits[key] = times
        return true
    }

    /// Submissions the whole portal took in the last ten minutes (the proof of work's load).
    func recentSubmissions(now: Date) -> Int {
        recent.removeAll { now.timeIntervalSince($0) >= 600 }
        return recent.count
    }

    func recordSubmission(now: Date) { recent.append(now) }

    /// Whether the portal may take one more report now (`citywide`).
    func hasRoom(now: Date) -> Bool { recentSubmissions(now: now) < Self.citywide.count }

    /// Takes one of the city's places for a report sent without proof of work, if any is left.
    func allowWithoutWork(now: Date) -> Bool {
        withoutWork.removeAll { now.timeIntervalSince($0) >= Self.withoutWorkCitywide.window }
        guard withoutWork.count < Self.withoutWorkCitywide.count else { return false }
        withoutWork.append(now)
        return true
    }
}

extension Application {
    private struct PortalLimitsKey: StorageKey { typealias Value = PortalLimits }

    /// Made by `configure`, one per instance.
    var portalLimits: PortalLimits {
        get {
            guard let limits = storage[PortalLimitsKey.self] else { fatalError("configure(_:settings:) was not called") }
            return limits
        }
        set { storage[PortalLimitsKey.self] = newValue }
    }
}
