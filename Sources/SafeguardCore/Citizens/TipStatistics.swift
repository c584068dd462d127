import Foundation

/// What the public statistics page needs of one citizen's report: when it came, when the citizen
/// first had an answer (a message or a change of state), when it was due and when it finished.
public struct TipFacts: Sendable, Equatable {
    public var commune: String
    public var receivedAt: Date
    public var firstAnswerAt: Date?
    public var dueAt: Date
    public var finishedAt: Date?

    public init(commune: String, receivedAt: Date, firstAnswerAt: Date?, dueAt: Date, finishedAt: Date?) {
        self.commune = commune
        self.receivedAt = receivedAt
        self.firstAnswerAt = firstAnswerAt
        self.dueAt = dueAt
        self.finishedAt = finishedAt
    }
}

/// Thống kê công khai: per commune, for reports received in a window —
/// - **received**: how many;
/// - **finished in time**: of those whose time limit has passed by `asOf` or that finished, the
///   share finished (resolved or closed with a reason) by their limit — a report still within its
///   limit is not yet judged;
/// - **median time to a first answer**: over those answered, with how many are still unanswered
///   (a median of the answered alone would flatter a unit that answers only the easy ones).
public struct TipStatistics: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var commune: String
        public var received: Int
        public var finishedInTime: Proportion
        public var medianHoursToFirstAnswer: Double?
        public var unanswered: Int
    }

    public var rows: [Row]

    public init(_ facts: [TipFacts], asOf now: Date) {
        rows = Dictionary(grouping: facts, by: \.commune).map { commune, reports in
            let judged = reports.filter { $0.finishedAt != nil || $0.dueAt < now }
            let inTime = judged.filter { r in r.finishedAt.map { $0 <= r.dueAt } ?? false }
            let waits = reports.compactMap { r in r.firstAnswerAt.map { $0.timeIntervalSince(r.receivedAt) / 3600 } }.sorted()
            return Row(commune: commune, received: reports.count, finishedInTime: Proportion(inTime.count, of: judged.count),
                       medianHoursToFirstAnswer: Self.median(waits), unanswered: reports.count - waits.count)
        }.sorted { $0.commune < $1.commune }
    }

    static func median(_ sorted: [Double]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}

/// Chuyển cấp trên: a report nobody has answered within `hours` of its receipt is shown to the
/// level above (the standing office) as well; the office sets the hours.
public struct EscalationRule: Sendable, Equatable {
    public var hours: Int

    public init(hours: Int) { self.hours = hours }

    public static let standard = EscalationRule(hours: 48)

    public func isEscalated(receivedAt: Date, firstAnswerAt: Date?, now: Date) -> Bool {
        firstAnswerAt == nil && now.timeIntervalSince(receivedAt) > Double(hours) * 3600
    }
}
