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

/// Counts behind the crime-report metrics for one unit and period.
///
/// Resolution rate = resolved ÷ (carried over + newly received): the national 2020 figures
/// (120,791 received, 122,722 resolved, 86.84%) add up only with the backlog in the
/// denominator. A report is resolved by a decision to prosecute, not to prosecute, or to
/// suspend (Criminal Procedure Code Art. 147(3)).
public struct ReportCounts: Sendable, Equatable {
    /// Received in the period.
    public var received: Int
    /// Of those, registered (thụ lý).
    public var registered: Int
    /// Received before the period and still unresolved at its start (tồn kỳ trước).
    public var carriedOver: Int
    /// Resolved in the period, whenever received.
    public var resolved: Int

    public init(received: Int, registered: Int, carriedOver: Int, resolved: Int) {
        self.received = received
        self.registered = registered
        self.carriedOver = carriedOver
        self.resolved = resolved
    }

    public var intake: Measurement { Measurement(numerator: registered, denominator: received) }
    public var resolution: Measurement { Measurement(numerator: resolved, denominator: carriedOver + received) }
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
