/// Tỷ lệ báo cáo đầy đủ, đúng hạn: for a form and a period, how many units were expected to report,
/// how many have, and how many did so by the deadline. A unit is expected only for periods it
/// existed through: open on the period's last day and not closed before it — so a ward created by
/// a merger on 1 July is not counted missing for January, and one merged away is not counted
/// missing after it is gone (DHIS2 counts them against the rate).
public enum Completeness {
    /// When a unit existed (nil: since always / still open).
    public struct Lifetime: Sendable, Equatable {
        public var opened: CalendarDate?
        public var closed: CalendarDate?

        public init(opened: CalendarDate? = nil, closed: CalendarDate? = nil) {
            self.opened = opened
            self.closed = closed
        }

        /// Whether the unit owes a report for `period`.
        public func isExpected(for period: ReportingPeriod) -> Bool { isExpected(through: period.end) }

        /// Whether the unit existed through a period ending on `end`.
        public func isExpected(through end: CalendarDate) -> Bool {
            (opened.map { $0 <= end } ?? true) && (closed.map { $0 > end } ?? true)
        }
    }

    /// A report's dates as far as completeness cares: first sent up, and its state now.
    public struct Report: Sendable, Equatable {
        public var firstSubmittedOn: CalendarDate?
        public var state: SubmissionState

        public init(firstSubmittedOn: CalendarDate?, state: SubmissionState) {
            self.firstSubmittedOn = firstSubmittedOn
            self.state = state
        }
    }

    /// One cell of the completeness matrix (unit × period).
    public enum Status: String, Sendable, Equatable, Codable {
        /// The unit did not exist through the period.
        case notExpected = "not-expected"
        /// Not yet sent and the deadline has not passed.
        case open
        /// Not sent and the deadline has passed.
        case missing
        /// Sent (now submitted or approved) after the deadline.
        case late
        /// Sent by the deadline.
        case onTime = "on-time"

        /// Whether the cell counts as reported (submitted or approved now).
        public var isReported: Bool { self == .late || self == .onTime }
    }

    /// Timeliness is judged by the first submission: a report sent on time and returned for a
    /// correction stays on time once resubmitted. A report that is a draft or returned now is not
    /// reported.
    public static func status(_ life: Lifetime, period: ReportingPeriod, deadline: CalendarDate, report: Report?, today: CalendarDate) -> Status {
        status(life, end: period.end, deadline: deadline, report: report, today: today)
    }

    /// The same, for a period known by its last day (a matrix computes it once per column).
    public static func status(_ life: Lifetime, end: CalendarDate, deadline: CalendarDate, report: Report?, today: CalendarDate) -> Status {
        guard life.isExpected(through: end) else { return .notExpected }
        if let report, report.state == .submitted || report.state == .approved, let first = report.firstSubmittedOn {
            return first <= deadline ? .onTime : .late
        }
        return today > deadline ? .missing : .open
    }

    public struct Rate: Sendable, Equatable {
        public var expected: Int
        public var reported: Int
        public var onTime: Int

        /// Đầy đủ: reported ÷ expected (nil when nothing was expected).
        public var completeness: Double? { expected == 0 ? nil : Double(reported) / Double(expected) }
        /// Đúng hạn: on time ÷ expected.
        public var timeliness: Double? { expected == 0 ? nil : Double(onTime) / Double(expected) }
    }

    public static func rate(_ statuses: [Status]) -> Rate {
        Rate(expected: statuses.filter { $0 != .notExpected }.count, reported: statuses.filter(\.isReported).count,
             onTime: statuses.filter { $0 == .onTime }.count)
    }
}
