/// Tổng hợp: the city's figures rolled up from units' approved reports over a reporting period
/// (a quarter sums three monthly reports), with the value the records give beside each figure that
/// has one, and the mismatch flagged. Counts and numbers add up over units; over the months, a
/// flow adds up, a stock is each unit's latest month and an average each unit's mean
/// (`DataElement.Aggregation`); a percentage is the mean of the units' latest values; yes/no and option answers are counted
/// among the units' latest reports; texts are listed.
public enum Consolidation {
    /// One unit's approved report for one period.
    public struct Entry: Sendable, Equatable {
        public var unit: String
        public var period: ReportingPeriod
        public var values: ReportValues

        public init(unit: String, period: ReportingPeriod, values: ReportValues) {
            self.unit = unit
            self.period = period
            self.values = values
        }
    }

    public struct Line: Sendable, Equatable {
        public var key: String
        public var label: String
        public var type: ValueType
        public var aggregation: DataElement.Aggregation = .flow
        /// The figure: a sum, a mean, or the number of "yes" answers; nil when no unit gave one.
        public var total: Double?
        /// Answers counted (yes/no, options), in the form's order.
        public var answers: [(answer: String, count: Int)]
        /// "Unit: text" for text elements.
        public var texts: [String]
        /// Units that gave a value.
        public var reporting: Int
        /// What the records say, for elements that have a records measure.
        public var computed: Double?

        /// The reported figure and the records disagree.
        public var mismatch: Bool {
            guard let total, let computed else { return false }
            return abs(total - computed) > 1e-9
        }

        public static func == (a: Line, b: Line) -> Bool {
            a.key == b.key && a.total == b.total && a.reporting == b.reporting && a.computed == b.computed && a.texts == b.texts
                && a.answers.map(\.answer) == b.answers.map(\.answer) && a.answers.map(\.count) == b.answers.map(\.count)
        }
    }

    /// The form's lines over `entries`; `computed` holds the records' value per cell key.
    public static func lines(_ form: ReportForm, _ entries: [Entry], computed: [String: Double] = [:]) -> [Line] {
        // Each unit's latest report, for the answers that describe a state rather than a flow.
        var latest: [String: Entry] = [:]
        for entry in entries where latest[entry.unit].map({ $0.period.end < entry.period.end }) ?? true { latest[entry.unit] = entry }
        let units = latest.keys.sorted()
        return form.cells.map { cell in
            let key = cell.key
            let label = cell.element.name + (cell.option.map { " — \($0.name)" } ?? "")
            var line = Line(key: key, label: label, type: cell.element.type, aggregation: cell.element.aggregation, total: nil, answers: [], texts: [],
                            reporting: 0, computed: computed[key])
            switch cell.element.type {
            case .count, .number:
                var byUnit: [String: [(end: CalendarDate, value: Double)]] = [:]
                for entry in entries { if let value = entry.values.number(key) { byUnit[entry.unit, default: []].append((entry.period.end, value)) } }
                let perUnit: [Double] = byUnit.values.map { values in
                    switch cell.element.aggregation {
                    case .flow: values.reduce(0) { $0 + $1.value }
                    case .stock: values.max { $0.end < $1.end }!.value
                    case .average: values.reduce(0) { $0 + $1.value } / Double(values.count)
                    }
                }
                line.total = perUnit.isEmpty ? nil : perUnit.reduce(0, +)
                line.reporting = perUnit.count
            case .percentage:
                let values = units.compactMap { latest[$0]?.values.number(key) }
                line.total = values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
                line.reporting = values.count
            case .yesNo:
                let answers = units.compactMap { latest[$0]?.values.values[key] }
                line.answers = [("true", answers.filter { $0 == "true" }.count), ("false", answers.filter { $0 == "false" }.count)]
                line.total = answers.isEmpty ? nil : Double(line.answers[0].count)
                line.reporting = answers.count
            case .option:
                let answers = units.compactMap { latest[$0]?.values.values[key] }
                line.answers = (cell.element.options ?? []).map { option in (option, answers.filter { $0 == option }.count) }
                line.reporting = answers.count
            case .text, .date:
                line.texts = units.compactMap { unit in latest[unit]?.values.values[key].map { "\(unit): \($0)" } }
                line.reporting = line.texts.count
            }
            return line
        }
    }
}

/// A figure the records can give for a data element, so a reported count can be checked against
/// the cases and crime reports on file for the same unit and months.
public enum RecordMeasure: String, Codable, Sendable, CaseIterable {
    /// Vụ phạm tội phát hiện (discovered in the months).
    case casesDiscovered = "cases-discovered"
    /// Vụ đã điều tra làm rõ (discovered in the months, solved by their end).
    case casesSolved = "cases-solved"
    /// Tố giác, tin báo tiếp nhận.
    case crimeReportsReceived = "crime-reports-received"
    /// Tố giác, tin báo đã giải quyết.
    case crimeReportsResolved = "crime-reports-resolved"
    /// Người sau cai nghiện, chấp hành xong án được giúp đỡ tái hòa nhập: distinct people on the
    /// released-from-prison and post-rehabilitation registers with a support event in the months,
    /// counted where they were managed when it was recorded.
    case peopleSupported = "people-supported"

    public func value(cases: CaseHistogram, reports: ReportHistogram, supported: SupportHistogram = SupportHistogram([]),
                      months: ClosedRange<StatisticalMonth>) -> Double {
        switch self {
        case .casesDiscovered: Double(cases.counts(in: months).occurred)
        case .casesSolved: Double(cases.counts(in: months).solved)
        case .crimeReportsReceived: Double(reports.counts(in: months).received)
        case .crimeReportsResolved: Double(reports.counts(in: months).resolved)
        case .peopleSupported: Double(supported.people(in: months))
        }
    }
}

/// Who was given support in which statistical month, by an opaque key per person: counting
/// distinct people over several months needs the people, not monthly sums.
public struct SupportHistogram: Sendable, Equatable {
    public var entries: [Entry]

    public struct Entry: Sendable, Equatable {
        public var month: StatisticalMonth
        public var person: String
        public init(month: StatisticalMonth, person: String) {
            self.month = month
            self.person = person
        }
    }

    public init(_ entries: [Entry]) { self.entries = entries }

    /// Distinct people supported in the months.
    public func people(in months: ClosedRange<StatisticalMonth>) -> Int {
        Set(entries.filter { months.contains($0.month) }.map(\.person)).count
    }
}
