/// Bộ tiêu chí đánh giá, phân loại phong trào: the criteria a kind of unit is scored on, with the
/// points of each and the level cut-offs (Decision 510/QĐ-BCA-V05; domain.md §4). The official
/// points table and cut-offs are not public, so a set is versioned configuration the standing
/// office edits; an assessment keeps the version it was scored on.
public struct CriteriaSet: Codable, Sendable, Equatable {
    /// Who is scored on it.
    public enum Subject: String, Codable, Sendable, CaseIterable {
        /// Khu dân cư: a village or residential group.
        case residentialArea = "residential-area"
        /// Xã, phường, đặc khu.
        case commune
        /// Cơ quan, doanh nghiệp, nhà trường.
        case agency

        public static func of(_ kind: OrgUnitKind) -> Subject? {
            switch kind {
            case .village, .residentialGroup: .residentialArea
            case .ward, .commune, .specialZone: .commune
            case .agency, .enterprise, .school, .department: .agency
            case .province, .committee, .massOrganisation: nil
            }
        }
    }

    public struct Criterion: Codable, Sendable, Equatable {
        public var code: String
        public var text: String
        public var maxPoints: Double
        /// The self-assessment must attach evidence for points on this criterion.
        public var evidenceRequired: Bool

        public init(code: String, text: String, maxPoints: Double, evidenceRequired: Bool = false) {
            self.code = code
            self.text = text
            self.maxPoints = maxPoints
            self.evidenceRequired = evidenceRequired
        }
    }

    public var subject: Subject
    public var version: Int
    public var criteria: [Criterion]
    /// The least share of the maximum (0–1) for each level above Yếu; below the lowest is Yếu.
    public var cutOffs: [Classification: Double]
    /// True while the points or cut-offs are placeholders to confirm against the official table.
    public var placeholder: Bool

    public init(subject: Subject, version: Int, criteria: [Criterion], cutOffs: [Classification: Double] = CriteriaSet.defaultCutOffs,
                placeholder: Bool = true) {
        self.subject = subject
        self.version = version
        self.criteria = criteria
        self.cutOffs = cutOffs
        self.placeholder = placeholder
    }

    /// Xuất sắc ≥ 90%, Khá ≥ 70%, Trung bình ≥ 50% of the maximum: placeholders, not official.
    public static let defaultCutOffs: [Classification: Double] = [.excellent: 0.9, .good: 0.7, .average: 0.5]

    public var maximum: Double { criteria.map(\.maxPoints).reduce(0, +) }

    /// The most points one criterion may carry: Decision 510's sets give a few points each; a
    /// thousand leaves room for any scale and keeps sums far from where a Double loses whole numbers.
    public static let maximumPoints = 1_000.0

    /// The level of a total: the highest whose cut-off it reaches.
    public func classify(_ total: Double) -> Classification {
        guard maximum > 0 else { return .weak }
        let share = total / maximum
        for level in [Classification.excellent, .good, .average] where share + 1e-9 >= (cutOffs[level] ?? 2) { return level }
        return .weak
    }

    /// A revision: the next version, leaving this one as it was for the assessments made on it.
    public func revised(criteria: [Criterion]? = nil, cutOffs: [Classification: Double]? = nil) -> CriteriaSet {
        var next = self
        next.version = version + 1
        if let criteria { next.criteria = criteria }
        if let cutOffs { next.cutOffs = cutOffs }
        return next
    }

    /// What is wrong with the set itself (for the office editing it); empty when usable.
    public func problems() -> [String] {
        var problems: [String] = []
        if criteria.isEmpty { problems.append("criteria: at least one criterion") }
        for c in criteria where c.code.trimmed.isEmpty || c.text.trimmed.isEmpty { problems.append("criteria: every criterion needs a code and a text") }
        var seen = Set<String>()
        for c in criteria where !seen.insert(c.code).inserted { problems.append("criteria: duplicate code \(c.code)") }
        for c in criteria where !(c.maxPoints > 0 && c.maxPoints <= Self.maximumPoints) {
            problems.append("criteria.\(c.code): maxPoints must be above 0 and at most \(NumberText.plain(Self.maximumPoints))")
        }
        let ordered = [Classification.excellent, .good, .average].compactMap { cutOffs[$0] }
        if ordered.count != 3 || ordered != ordered.sorted(by: >) || ordered.contains(where: { !(0...1).contains($0) }) {
            problems.append("cutOffs: excellent > good > average, each between 0 and 1")
        }
        return problems
    }
}

/// Xếp loại: the four levels of the movement's evaluation.
public enum Classification: String, Codable, CodingKeyRepresentable, Sendable, CaseIterable, Comparable {
    /// Xuất sắc.
    case excellent
    /// Khá.
    case good
    /// Trung bình.
    case average
    /// Yếu — the plan's target is that no unit is rated so.
    case weak

    private var rank: Int {
        switch self {
        case .excellent: 3
        case .good: 2
        case .average: 1
        case .weak: 0
        }
    }

    public static func < (a: Classification, b: Classification) -> Bool { a.rank < b.rank }

    public var localizationKey: String { "classification.\(rawValue)" }
}
