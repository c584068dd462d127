/// How each metric's numerator and denominator are counted from records — the definitions the
/// database queries implement, stated once here with their sources.
public enum KPIDefinition {
    /// Whether the metric is counted from crime records, month by month. The others (models,
    /// drug-free communes, classifications, registrations, cyberspace) are yearly figures of the
    /// movement (`MovementFigures`).
    public static func hasRecords(_ metric: TargetMetric) -> Bool {
        switch metric {
        case .ttxhCases, .crimeReportIntakeRate, .crimeReportResolutionRate, .clearanceRate: true
        default: false
        }
    }

    /// The category id counted by `ttxh-cases` (tội phạm về trật tự xã hội).
    public static let socialOrderCategory = "social-order"
}

/// Counts behind the crime-report metrics for one unit and period; the targets combine them as
/// their `RateDefinition` says.
///
/// Intake counts reports by their receipt; resolution counts handling steps, each in the month it
/// happened (`HandlingStep`), so a closed period's figures never change because of a later step. A
/// report is resolved by a decision to prosecute, not to prosecute, or to suspend (Criminal
/// Procedure Code Art. 147(3)).
public struct ReportCounts: Sendable, Equatable {
    /// Received in the period.
    public var received = 0
    /// Of those, registered (thụ lý) by the period's end.
    public var receivedAndRegistered = 0
    /// Registered and unresolved at the period's start (tồn kỳ trước).
    public var pendingAtStart = 0
    /// Registered in the period, whenever received.
    public var registered = 0
    /// Resumed after suspension in the period.
    public var resumed = 0
    /// Transferred to another agency in the period while pending.
    public var transferred = 0
    /// Decided (khởi tố, không khởi tố) in the period.
    public var decided = 0
    /// Suspended in the period.
    public var suspended = 0

    public init(received: Int = 0, receivedAndRegistered: Int = 0, pendingAtStart: Int = 0, registered: Int = 0,
                resumed: Int = 0, transferred: Int = 0, decided: Int = 0, suspended: Int = 0) {
        self.received = received
        self.receivedAndRegistered = receivedAndRegistered
        self.pendingAtStart = pendingAtStart
        self.registered = registered
        self.resumed = resumed
        self.transferred = transferred
        self.decided = decided
        self.suspended = suspended
    }

    /// Đã giải quyết: decided or suspended in the period.
    public var resolved: Int { decided + suspended }
}

/// Counts behind the case metrics for one unit and period.
///
/// Clearance rate = cases solved ÷ cases occurred (discovered) in the period, e.g.
/// 2,437 / 2,829 = 86.14% in a provincial police report.
public struct CaseCounts: Sendable, Equatable {
    public var occurred: Int
    public var solved: Int

    public init(occurred: Int, solved: Int) {
        self.occurred = occurred
        self.solved = solved
    }

    public var clearance: Measurement { Measurement(numerator: solved, denominator: occurred) }
}
