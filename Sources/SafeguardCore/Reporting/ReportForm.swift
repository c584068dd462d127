/// Biểu mẫu báo cáo định kỳ: a versioned report form (a DHIS2 "data set") — what a unit reports,
/// for which periods, by when, and the rules its values must satisfy. Forms live as data
/// (`Resources/Data/report-forms/*.yaml`) the standing office can revise; a revision is a new
/// version, and a submission keeps the version it was made on.
public struct ReportForm: Codable, Sendable, Equatable {
    /// Stable across versions, e.g. `commune-monthly`.
    public var code: String
    public var version: Int
    public var title: String
    public var periodType: PeriodType
    /// The kinds of unit that report on it.
    public var unitKinds: [OrgUnitKind]
    /// Days after the period closes by which a report is on time. Configurable: no law fixes it.
    public var deadlineDays: Int
    public var elements: [DataElement]
    public var rules: [ValidationRule]

    public init(code: String, version: Int, title: String, periodType: PeriodType, unitKinds: [OrgUnitKind], deadlineDays: Int,
                elements: [DataElement], rules: [ValidationRule] = []) {
        self.code = code
        self.version = version
        self.title = title
        self.periodType = periodType
        self.unitKinds = unitKinds
        self.deadlineDays = deadlineDays
        self.elements = elements
        self.rules = rules
    }

    /// The last day a report for `period` is on time.
    public func deadline(for period: ReportingPeriod) -> CalendarDate {
        period.end.adding(days: deadlineDays)
    }

    /// Every value slot of the form: an element, or one slot per category option of a
    /// disaggregated element ("cases.theft").
    public var cells: [Cell] {
        elements.flatMap { element in
            element.categories.isEmpty ? [Cell(element: element, option: nil)] : element.categories.map { Cell(element: element, option: $0) }
        }
    }

    /// One value slot. Its key is what values are stored and rules refer to: `code` or `code.option`.
    public struct Cell: Sendable, Equatable {
        public var element: DataElement
        public var option: CategoryOption?
        public var key: String { option.map { "\(element.code).\($0.code)" } ?? element.code }
    }

    /// What is wrong with the form itself (duplicate codes, an option list without options, a rule
    /// naming no cell), for the standing office editing it; empty when it can be used.
    public func problems() -> [String] {
        var problems: [String] = []
        var seen = Set<String>()
        func isCode(_ text: String) -> Bool { !text.isEmpty && text.first!.isLetter && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") } }
        for element in elements where !seen.insert(element.code).inserted { problems.append("elements: duplicate code \(element.code)") }
        for code in elements.map(\.code) + elements.flatMap(\.categories).map(\.code) where !isCode(code) {
            problems.append("elements: code «\(code)» must be letters, digits and '_' (rules use codes as names)")
        }
        for element in elements where element.type == .option && (element.options ?? []).isEmpty {
            problems.append("elements.\(element.code): an option list needs options")
        }
        if deadlineDays < 0 { problems.append("deadlineDays: must be 0 or more") }
        let keys = Set(cells.map(\.key))
        for rule in rules {
            do {
                for name in try rule.names() where !keys.contains(name) && !name.hasPrefix("records.") && !keys.contains(where: { $0.hasPrefix(name + ".") }) {
                    problems.append("rules.\(rule.code): unknown value \(name)")
                }
            } catch {
                problems.append("rules.\(rule.code): \(error)")
            }
        }
        return problems
    }
}

/// Chỉ tiêu báo cáo: one question of a form.
public struct DataElement: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    public var type: ValueType
    /// For `option`: the allowed answers.
    public var options: [String]?
    /// Phân tổ: the element is reported per category option (e.g. per crime category).
    public var categories: [CategoryOption]
    public var required: Bool
    /// What the records give for the same figure, checked against the reported one.
    public var records: RecordMeasure?
    /// How a number is carried over the months of a longer period (flow: added; stock: the last month's).
    public var aggregation: Aggregation

    /// Chỉ tiêu thời kỳ / thời điểm: whether a number is a flow over the month (sessions held, reports
    /// received — a quarter adds its months) or a stock at the month's end (villages, active models —
    /// a quarter is its last month, never three months added up).
    public enum Aggregation: String, Codable, Sendable, CaseIterable {
        /// Thời kỳ: summed over the months.
        case flow
        /// Thời điểm: the value at the end of the period (each unit's latest month).
        case stock
        /// Bình quân: each unit's mean over the months.
        case average

        public var localizationKey: String { "aggregation.\(rawValue)" }
    }

    public init(code: String, name: String, type: ValueType, options: [String]? = nil, categories: [CategoryOption] = [], required: Bool = false,
                records: RecordMeasure? = nil, aggregation: Aggregation = .flow) {
        self.code = code
        self.name = name
        self.type = type
        self.options = options
        self.categories = categories
        self.required = required
        self.records = records
        self.aggregation = aggregation
    }

    enum CodingKeys: String, CodingKey { case code, name, type, options, categories, required, records, aggregation }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = try c.decode(String.self, forKey: .code)
        name = try c.decode(String.self, forKey: .name)
        type = try c.decode(ValueType.self, forKey: .type)
        options = try c.decodeIfPresent([String].self, forKey: .options)
        categories = try c.decodeIfPresent([CategoryOption].self, forKey: .categories) ?? []
        required = try c.decodeIfPresent(Bool.self, forKey: .required) ?? false
        records = try c.decodeIfPresent(RecordMeasure.self, forKey: .records)
        aggregation = try c.decodeIfPresent(Aggregation.self, forKey: .aggregation) ?? .flow
    }
}

public struct CategoryOption: Codable, Sendable, Equatable {
    public var code: String
    public var name: String

    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }
}

/// The kinds of value a data element takes.
public enum ValueType: String, Codable, Sendable, CaseIterable {
    /// A whole number of something, ≥ 0 (sessions held, participants).
    case count
    /// Any number.
    case number
    /// 0–100.
    case percentage
    case yesNo = "yes-no"
    case text
    case date
    case option
}

/// How often a form is reported, on the official windows (`ReportingPeriod`).
public enum PeriodType: String, Codable, Sendable, CaseIterable {
    case month, quarter, half
    case nineMonths = "nine-months"
    case year

    /// The periods of this type in a year, in order.
    public func periods(in year: Int) -> [ReportingPeriod] {
        switch self {
        case .month: (1...12).map { ReportingPeriod(year: year, kind: .month($0)) }
        case .quarter: (1...4).map { ReportingPeriod(year: year, kind: .quarter($0)) }
        case .half: (1...2).map { ReportingPeriod(year: year, kind: .half($0)) }
        case .nineMonths: [ReportingPeriod(year: year, kind: .nineMonths)]
        case .year: [ReportingPeriod(year: year, kind: .year)]
        }
    }

    /// Whether `period` is one of this type.
    public func matches(_ period: ReportingPeriod) -> Bool {
        switch (self, period.kind) {
        case (.month, .month), (.quarter, .quarter), (.half, .half), (.nineMonths, .nineMonths), (.year, .year): true
        default: false
        }
    }

    /// The periods that have closed by `today` (their last day is before it), newest last:
    /// a form opens for entry when its period closes.
    /// A `year` after today's has none (and builds no backwards range).
    public func closed(by today: CalendarDate, since year: Int) -> [ReportingPeriod] {
        guard year <= today.year else { return [] }
        return (year...today.year + 1).flatMap(periods(in:)).filter { $0.end < today }
    }
}
