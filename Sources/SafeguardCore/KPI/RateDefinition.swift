/// What a rate target counts: the terms added (or subtracted) in its numerator and its denominator,
/// and where the definition comes from.
///
/// The definition is data in the plan file, so a province whose procuracy or police count
/// differently chooses other terms without code; the dashboard shows it under the figure.
public struct RateDefinition: Sendable, Equatable {
    /// A counted quantity of a period, signed.
    public struct Part: Sendable, Equatable, CustomStringConvertible {
        public var term: CountTerm
        public var sign: Int

        public init(_ term: CountTerm, sign: Int = 1) {
            self.term = term
            self.sign = sign
        }

        /// `"-transferred"` subtracts the term.
        public init?(_ text: String) {
            let negative = text.hasPrefix("-")
            guard let term = CountTerm(rawValue: negative ? String(text.dropFirst()) : text) else { return nil }
            self.init(term, sign: negative ? -1 : 1)
        }

        public var description: String { (sign < 0 ? "-" : "") + term.rawValue }
    }

    public var numerator: [Part]
    public var denominator: [Part]
    /// The document the definition follows (a decision of the procuracy, a ministry's circular).
    public var source: String?

    public init(numerator: [Part], denominator: [Part], source: String? = nil) {
        self.numerator = numerator
        self.denominator = denominator
        self.source = source
    }

    /// The definition used when the plan gives none.
    ///
    /// - T2 intake: received in the period and registered by its end ÷ received in it.
    /// - T3 resolution (the procuracy's indicator, QĐ 374/QĐ-VKSTC): resolved in the period (decided
    ///   or suspended, Art. 147(3)) ÷ (pending at its start + registered in it + resumed in it −
    ///   transferred to another agency while pending).
    /// - T4 clearance: cases discovered in the period and solved by its end ÷ cases discovered in it.
    public static func standard(for metric: TargetMetric) -> RateDefinition? {
        switch metric {
        case .crimeReportIntakeRate:
            RateDefinition(numerator: [Part(.receivedAndRegistered)], denominator: [Part(.received)])
        case .crimeReportResolutionRate:
            RateDefinition(numerator: [Part(.decided), Part(.suspended)],
                           denominator: [Part(.pendingAtStart), Part(.registered), Part(.resumed), Part(.transferred, sign: -1)],
                           source: "QĐ 374/QĐ-VKSTC")
        case .clearanceRate:
            RateDefinition(numerator: [Part(.casesSolved)], denominator: [Part(.casesOccurred)])
        default: nil
        }
    }

    /// Whether every term counts the records this metric is about (reports for T2/T3, cases for T4).
    public func fits(_ metric: TargetMetric) -> Bool {
        guard Self.standard(for: metric) != nil, !numerator.isEmpty, !denominator.isEmpty else { return false }
        return (numerator + denominator).allSatisfy { $0.term.isCaseTerm == metric.isCaseBased }
    }

    public func measure(reports: ReportCounts, cases: CaseCounts) -> Measurement {
        func sum(_ parts: [Part]) -> Int { parts.reduce(0) { $0 + $1.sign * $1.term.value(reports: reports, cases: cases) } }
        return Measurement(numerator: sum(numerator), denominator: sum(denominator))
    }
}

/// A quantity counted over a period from the records, the vocabulary of `RateDefinition`.
public enum CountTerm: String, Sendable, CaseIterable, Codable {
    /// Tố giác, tin báo tiếp nhận trong kỳ.
    case received
    /// Of those received in the period, registered (thụ lý) by its end.
    case receivedAndRegistered = "received-registered"
    /// Đã thụ lý, chưa giải quyết at the period's start (tồn kỳ trước).
    case pendingAtStart = "pending-at-start"
    /// Thụ lý mới trong kỳ.
    case registered
    /// Phục hồi giải quyết trong kỳ: the report returns to the pool.
    case resumed
    /// Chuyển cơ quan có thẩm quyền in the period, of reports pending (registered, unresolved).
    case transferred
    /// Quyết định khởi tố or không khởi tố in the period.
    case decided
    /// Tạm đình chỉ in the period.
    case suspended
    /// Vụ án phát hiện trong kỳ.
    case casesOccurred = "cases-occurred"
    /// Of those discovered in the period, solved by its end.
    case casesSolved = "cases-solved"

    public var isCaseTerm: Bool { self == .casesOccurred || self == .casesSolved }
    public var localizationKey: String { "term.\(rawValue)" }

    public func value(reports: ReportCounts, cases: CaseCounts) -> Int {
        switch self {
        case .received: reports.received
        case .receivedAndRegistered: reports.receivedAndRegistered
        case .pendingAtStart: reports.pendingAtStart
        case .registered: reports.registered
        case .resumed: reports.resumed
        case .transferred: reports.transferred
        case .decided: reports.decided
        case .suspended: reports.suspended
        case .casesOccurred: cases.occurred
        case .casesSolved: cases.solved
        }
    }
}
