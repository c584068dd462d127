/// Chỉ tiêu: one of the plan's targets in checkable form ("clearance rate > 80%").
///
/// Targets are evaluated from records, never typed in; this type says what to compute and
/// what counts as met.
public struct Target: Sendable, Equatable, Identifiable {
    public var id: String
    public var text: String
    public var metric: TargetMetric
    public var comparison: Comparison
    public var threshold: Double
    public var unit: ThresholdUnit
    /// For `percentOfBaseline`: the year whose same period is the baseline (cùng kỳ).
    public var baselineYear: Int?
    /// Restricts case-based metrics to these severities (empty = all).
    public var severities: [CrimeSeverity]
    /// For the rates (T2–T4): what the numerator and denominator count, from the plan file or the standard.
    public var definition: RateDefinition?

    public init(
        id: String, text: String, metric: TargetMetric, comparison: Comparison, threshold: Double,
        unit: ThresholdUnit, baselineYear: Int? = nil, severities: [CrimeSeverity] = [], definition: RateDefinition? = nil
    ) {
        self.id = id
        self.text = text
        self.metric = metric
        self.comparison = comparison
        self.threshold = threshold
        self.unit = unit
        self.baselineYear = baselineYear
        self.severities = severities
        self.definition = definition ?? RateDefinition.standard(for: metric)
    }

    /// Whether a measured value meets the target. For `percentOfBaseline` the value is the
    /// measured count as a percentage of the baseline count.
    public func isMet(by value: Double) -> Bool {
        comparison.holds(value, threshold)
    }
}

/// What a target measures. Raw values are the identifiers used in plan files.
public enum TargetMetric: String, Sendable, CaseIterable, Codable {
    /// Số vụ phạm tội về trật tự xã hội.
    case ttxhCases = "ttxh-cases"
    /// Tỷ lệ tố giác, tin báo về tội phạm, kiến nghị khởi tố được tiếp nhận, thụ lý.
    case crimeReportIntakeRate = "crime-report-intake-rate"
    /// Tỷ lệ giải quyết tố giác, tin báo về tội phạm, kiến nghị khởi tố.
    case crimeReportResolutionRate = "crime-report-resolution-rate"
    /// Tỷ lệ điều tra, khám phá án.
    case clearanceRate = "clearance-rate"
    /// Tỷ lệ xã, phường, đặc khu phát động phong trào, xây dựng mô hình phòng, chống ma túy.
    case drugMovementLaunchedShare = "drug-movement-launched-share"
    /// Tỷ lệ xã, phường, đặc khu đạt địa bàn cấp xã không ma túy.
    case drugFreeCommunesShare = "drug-free-communes-share"
    /// Số đơn vị bị phân loại "Yếu".
    case unitsRatedWeak = "units-rated-weak"
    /// Tỷ lệ xã, phường, đặc khu đăng ký xây dựng điển hình.
    case communesRegisteredShare = "communes-registered-share"
    /// Tỷ lệ cơ quan, đơn vị, địa phương phát động phong trào trên không gian mạng.
    case cyberspaceMovementShare = "cyberspace-movement-share"

    /// Units a threshold on this metric may be expressed in.
    public var allowedUnits: Set<ThresholdUnit> {
        switch self {
        case .ttxhCases: [.percentOfBaseline, .count]
        case .unitsRatedWeak: [.count]
        default: [.percent]
        }
    }

    /// Whether the metric counts criminal cases, so a severity filter applies.
    public var isCaseBased: Bool { self == .ttxhCases || self == .clearanceRate }

    /// Localisation key of the metric's name.
    public var localizationKey: String { "metric.\(rawValue)" }
}

/// How a measured value is compared with the threshold.
public enum Comparison: String, Sendable, CaseIterable, Codable {
    case lessThan = "<"
    case atMost = "<="
    case equal = "="
    case atLeast = ">="
    case greaterThan = ">"

    public func holds(_ value: Double, _ threshold: Double) -> Bool {
        switch self {
        case .lessThan: value < threshold
        case .atMost: value <= threshold
        case .equal: value == threshold
        case .atLeast: value >= threshold
        case .greaterThan: value > threshold
        }
    }

    /// Mathematical symbol for display (≤ rather than <=).
    public var symbol: String {
        switch self {
        case .lessThan: "<"
        case .atMost: "≤"
        case .equal: "="
        case .atLeast: "≥"
        case .greaterThan: ">"
        }
    }
}

/// What a threshold number means.
public enum ThresholdUnit: String, Sendable, CaseIterable, Codable {
    /// A rate in percent (0–100).
    case percent
    /// The measured count as a percentage of the same period of the baseline year.
    case percentOfBaseline = "percent-of-baseline"
    /// A plain count.
    case count
}

/// Mức độ tội phạm: the four classes of Penal Code 2015 Art. 9.
public enum CrimeSeverity: String, Sendable, CaseIterable, Codable {
    /// Ít nghiêm trọng.
    case lessSerious = "less-serious"
    /// Nghiêm trọng.
    case serious
    /// Rất nghiêm trọng.
    case verySerious = "very-serious"
    /// Đặc biệt nghiêm trọng.
    case especiallySerious = "especially-serious"

    public var localizationKey: String { "severity.\(rawValue)" }
}
