/// Một bước giải quyết tố giác, tin báo: one dated step in a report's handling.
///
/// The steps are the record; the report's state is derived from them (`CrimeReportLifecycle.replaying`)
/// and the resolution figures are counted from them, each in the statistical month it happened. So
/// a later step — a resumption in 2026 — adds to 2026 and never rewrites what 2025 counted.
public struct HandlingStep: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Tiếp nhận.
        case received
        /// Thụ lý.
        case registered
        /// Gia hạn (Art. 147(2)).
        case extended
        /// Tạm đình chỉ (Art. 148).
        case suspended
        /// Phục hồi giải quyết (Art. 149).
        case resumed
        /// Chuyển cơ quan có thẩm quyền.
        case transferred
        /// Ra quyết định khởi tố hoặc không khởi tố.
        case decided

        public var localizationKey: String { "report.step.\(rawValue)" }
    }

    public var kind: Kind
    public var on: CalendarDate
    /// The decision, for `decided`.
    public var outcome: CrimeReportOutcome?
    /// Whether the report was registered and unresolved just before this step: a transfer of such a
    /// report takes it out of the pool to resolve; a transfer before registration never entered it.
    public var wasPending: Bool

    public init(kind: Kind, on: CalendarDate, outcome: CrimeReportOutcome? = nil, wasPending: Bool) {
        self.kind = kind
        self.on = on
        self.outcome = outcome
        self.wasPending = wasPending
    }

    init(_ event: CrimeReportLifecycle.Event, wasPending: Bool) {
        switch event {
        case .register(let d): self.init(kind: .registered, on: d, wasPending: wasPending)
        case .extend(let d): self.init(kind: .extended, on: d, wasPending: wasPending)
        case .suspend(let d): self.init(kind: .suspended, on: d, wasPending: wasPending)
        case .resume(let d): self.init(kind: .resumed, on: d, wasPending: wasPending)
        case .transfer(let d): self.init(kind: .transferred, on: d, wasPending: wasPending)
        case .decide(let outcome, let d): self.init(kind: .decided, on: d, outcome: outcome, wasPending: wasPending)
        }
    }

    /// The event that replays this step (nil for the receipt, which starts a lifecycle).
    public var event: CrimeReportLifecycle.Event? {
        switch kind {
        case .received: nil
        case .registered: .register(on: on)
        case .extended: .extend(on: on)
        case .suspended: .suspend(on: on)
        case .resumed: .resume(on: on)
        case .transferred: .transfer(on: on)
        case .decided: outcome.map { .decide($0, on: on) }
        }
    }

    /// How the step changes the number of reports pending resolution (registered, unresolved).
    public var pendingChange: Int {
        switch kind {
        case .registered, .resumed: 1
        case .suspended, .decided: -1
        case .transferred: wasPending ? -1 : 0
        case .received, .extended: 0
        }
    }
}
