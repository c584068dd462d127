/// Cảnh báo sớm: an early-warning alert's handling. A warning is advice to a person, so each
/// alert is taken up by the unit, assessed, and closed by someone, with notes (the review log).
public enum AlertState: String, Sendable, Codable, CaseIterable {
    /// Mới: raised by the detector, nobody has looked at it yet.
    case new
    /// Đã tiếp nhận: the unit has taken it up.
    case acknowledged
    /// Đã đánh giá: the unit has said what it was.
    case assessed
    /// Đã đóng.
    case closed
}

/// Đánh giá: what an alert turned out to be; precision per method counts the real rises.
public enum AlertAssessment: String, Sendable, Codable, CaseIterable {
    /// Tăng thật: crime did rise.
    case realIncrease = "real-increase"
    /// Do số liệu: an artefact of data entry (a backlog entered at once, a reclassification…).
    case dataArtefact = "data-artefact"
    /// Báo động giả: nothing unusual on inspection.
    case falseAlarm = "false-alarm"
}

/// The allowed steps: mới → đã tiếp nhận → đánh giá → đóng. An alert can be assessed again
/// before it is closed (a second look changes the verdict), and nothing reopens a closed alert:
/// a new rise raises a new alert.
public struct AlertWorkflow: Sendable, Equatable {
    public enum Step: Sendable, Equatable {
        case acknowledge
        case assess(AlertAssessment)
        case close
    }

    public enum TransitionError: Error, Equatable, Sendable {
        case notAllowed(from: AlertState, step: String)
    }

    public private(set) var state: AlertState
    public private(set) var assessment: AlertAssessment?

    public init(state: AlertState = .new, assessment: AlertAssessment? = nil) {
        self.state = state
        self.assessment = assessment
    }

    public mutating func apply(_ step: Step) throws(TransitionError) {
        switch (step, state) {
        case (.acknowledge, .new):
            state = .acknowledged
        case (.assess(let verdict), .acknowledged), (.assess(let verdict), .assessed):
            state = .assessed
            assessment = verdict
        case (.close, .assessed):
            state = .closed
        default:
            throw .notAllowed(from: state, step: step.name)
        }
    }
}

extension AlertWorkflow.Step {
    public var name: String {
        switch self {
        case .acknowledge: "acknowledge"
        case .assess: "assess"
        case .close: "close"
        }
    }
}

/// Precision of a method's past alerts: real rises ÷ assessed alerts.
public struct AlertPrecision: Sendable, Equatable {
    public var assessed: Int
    public var real: Int

    public init(assessed: Int, real: Int) {
        self.assessed = assessed
        self.real = real
    }

    public var value: Double? { assessed > 0 ? Double(real) / Double(assessed) : nil }
}
