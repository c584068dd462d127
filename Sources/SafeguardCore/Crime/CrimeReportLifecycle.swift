/// Tố giác, tin báo về tội phạm, kiến nghị khởi tố: where a report stands in its handling.
public enum CrimeReportState: String, Sendable, Codable, CaseIterable {
    /// Tiếp nhận: received, not yet registered.
    case received
    /// Thụ lý: registered, under verification.
    case registered
    /// Tạm đình chỉ: suspended (Art. 148).
    case suspended
    /// Đã giải quyết: a decision was made (khởi tố or không khởi tố).
    case decided
    /// Đã chuyển: sent to the competent agency (chuyển cơ quan có thẩm quyền, Art. 145(4)); no longer this unit's to resolve.
    case transferred

    public var isOpen: Bool { self == .received || self == .registered }
    public var localizationKey: String { "report.state.\(rawValue)" }
}

/// The outcome of handling a report.
public enum CrimeReportOutcome: String, Sendable, Codable, CaseIterable {
    /// Khởi tố vụ án hình sự.
    case prosecute
    /// Không khởi tố vụ án hình sự.
    case noProsecution = "no-prosecution"
    /// Tạm đình chỉ việc giải quyết.
    case suspend

    public var localizationKey: String { "report.outcome.\(rawValue)" }
}

/// Loại nguồn: the three kinds of crime information in Art. 144.
public enum CrimeReportKind: String, Sendable, Codable, CaseIterable {
    /// Tố giác về tội phạm (from a person).
    case denunciation
    /// Tin báo về tội phạm (from an agency, organisation, or the media).
    case information
    /// Kiến nghị khởi tố (from a state body).
    case prosecutionRequest = "prosecution-request"

    public var localizationKey: String { "report.kind.\(rawValue)" }
}

/// A report's handling as a state machine; `apply` refuses transitions the law does not allow.
public struct CrimeReportLifecycle: Sendable, Equatable {
    public enum Event: Sendable, Equatable {
        case register(on: CalendarDate)
        case extend(on: CalendarDate)
        case suspend(on: CalendarDate)
        case resume(on: CalendarDate)
        case transfer(on: CalendarDate)
        case decide(CrimeReportOutcome, on: CalendarDate)
    }

    public enum TransitionError: Error, Equatable, Sendable {
        case notRegistered
        case alreadyRegistered
        case notOpen
        case notSuspended
        case tooManyExtensions
        case dateBeforeReceipt
        case dateBeforePreviousStep
        case suspendIsNotADecision
        /// The report was suspended and resumed before; Safeguard records one suspension per report.
        case suspendedBefore
        /// Stored steps that do not start with the receipt or cannot be replayed.
        case malformedHistory

        public var localizationKey: String {
            switch self {
            case .notRegistered: "report.error.not-registered"
            case .alreadyRegistered: "report.error.already-registered"
            case .notOpen: "report.error.not-open"
            case .notSuspended: "report.error.not-suspended"
            case .tooManyExtensions: "report.error.too-many-extensions"
            case .dateBeforeReceipt: "report.error.date-before-receipt"
            case .dateBeforePreviousStep: "report.error.date-before-previous"
            case .suspendIsNotADecision: "report.error.suspend-not-decision"
            case .suspendedBefore: "report.error.suspended-before"
            case .malformedHistory: "report.error.malformed-history"
            }
        }
    }

    public private(set) var state: CrimeReportState = .received
    public let receivedOn: CalendarDate
    public private(set) var registeredOn: CalendarDate?
    public private(set) var extensions = 0
    public private(set) var suspendedOn: CalendarDate?
    public private(set) var resumedOn: CalendarDate?
    public private(set) var decidedOn: CalendarDate?
    public private(set) var outcome: CrimeReportOutcome?
    public private(set) var transferredOn: CalendarDate?
    /// Every step so far, the receipt first: what is stored, and what the counts are kept from.
    public private(set) var steps: [HandlingStep]
    private var lastStep: CalendarDate

    public init(receivedOn: CalendarDate) {
        self.receivedOn = receivedOn
        self.lastStep = receivedOn
        self.steps = [HandlingStep(kind: .received, on: receivedOn, wasPending: false)]
    }

    /// Rebuilds a report's handling from its stored steps, checking each as when it was recorded.
    public static func replaying(_ steps: [HandlingStep]) throws(TransitionError) -> CrimeReportLifecycle {
        guard let first = steps.first, first.kind == .received else { throw .malformedHistory }
        var life = CrimeReportLifecycle(receivedOn: first.on)
        for step in steps.dropFirst() {
            guard let event = step.event else { throw .malformedHistory }
            try life.apply(event)
        }
        return life
    }

    /// Whether the report is registered and unresolved — in the pool of reports this unit must resolve.
    public var isPending: Bool { state == .registered }

    public mutating func apply(_ event: Event) throws(TransitionError) {
        let date: CalendarDate = switch event {
        case .register(let d), .extend(let d), .suspend(let d), .resume(let d), .transfer(let d), .decide(_, let d): d
        }
        guard date >= receivedOn else { throw .dateBeforeReceipt }
        guard date >= lastStep else { throw .dateBeforePreviousStep }
        let wasPending = isPending
        switch event {
        case .register:
            guard state == .received else { throw .alreadyRegistered }
            state = .registered
            registeredOn = date
        case .extend:
            guard state == .registered else { throw state == .received ? .notRegistered : .notOpen }
            guard extensions < 2, resumedOn == nil else { throw .tooManyExtensions }
            extensions += 1
        case .suspend:
            guard state == .registered else { throw state == .received ? .notRegistered : .notOpen }
            guard resumedOn == nil else { throw .suspendedBefore }
            state = .suspended
            suspendedOn = date
        case .resume:
            guard state == .suspended else { throw .notSuspended }
            state = .registered
            resumedOn = date
        case .transfer:
            guard state.isOpen else { throw .notOpen }
            state = .transferred
            transferredOn = date
        case .decide(let result, _):
            guard result != .suspend else { throw .suspendIsNotADecision }
            guard state == .registered else { throw state == .received ? .notRegistered : .notOpen }
            state = .decided
            decidedOn = date
            outcome = result
        }
        lastStep = date
        steps.append(HandlingStep(event, wasPending: wasPending))
    }

    /// The statistical month the report counts as resolved in — the decision, or the suspension
    /// while suspended (Art. 147(3) lists suspension among the ways a report is resolved).
    public var resolvedMonth: StatisticalMonth? {
        switch state {
        case .decided: decidedOn.map(StatisticalMonth.init(containing:))
        case .suspended: suspendedOn.map(StatisticalMonth.init(containing:))
        case .received, .registered, .transferred: nil
        }
    }

    /// The legal deadline while the report is open (nil when suspended or decided).
    public func deadline(policy: ReportDeadlinePolicy, calendar: HolidayCalendar) -> CalendarDate? {
        guard state.isOpen else { return nil }
        return policy.deadline(for: ReportDeadlineInput(receivedOn: receivedOn, extensions: extensions, resumedOn: resumedOn), calendar: calendar)
    }
}
