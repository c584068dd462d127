/// Cases counted by the dimensions the targets filter on — the shape a single SQL `GROUP BY`
/// returns. Every window and every case target is computed from it, so the database does the
/// counting and the core the arithmetic.
public struct CaseHistogram: Sendable, Equatable {
    public struct Cell: Sendable, Equatable {
        public var discoveredMonth: Int
        /// `yyyymm` of the solution, nil while unsolved.
        public var solvedMonth: Int?
        public var severity: CrimeSeverity
        public var category: String
        public var count: Int

        public init(discoveredMonth: Int, solvedMonth: Int?, severity: CrimeSeverity, category: String, count: Int) {
            self.discoveredMonth = discoveredMonth
            self.solvedMonth = solvedMonth
            self.severity = severity
            self.category = category
            self.count = count
        }
    }

    public var cells: [Cell]
    public init(_ cells: [Cell]) { self.cells = cells }

    /// Cases occurred (discovered) in the months, and of those the ones solved by the last month.
    public func counts(in months: ClosedRange<StatisticalMonth>, severities: [CrimeSeverity] = [], category: String? = nil) -> CaseCounts {
        let range = months.lowerBound.code...months.upperBound.code
        var counts = CaseCounts(occurred: 0, solved: 0)
        for cell in cells where range.contains(cell.discoveredMonth)
            && (severities.isEmpty || severities.contains(cell.severity))
            && (category == nil || cell.category == category) {
            counts.occurred += cell.count
            if let solved = cell.solvedMonth, solved <= range.upperBound { counts.solved += cell.count }
        }
        return counts
    }
}

/// Crime reports counted by the months that matter to the report targets.
public struct ReportHistogram: Sendable, Equatable {
    public struct Cell: Sendable, Equatable {
        public var receivedMonth: Int
        public var registeredMonth: Int?
        public var resolvedMonth: Int?
        public var count: Int

        public init(receivedMonth: Int, registeredMonth: Int?, resolvedMonth: Int?, count: Int) {
            self.receivedMonth = receivedMonth
            self.registeredMonth = registeredMonth
            self.resolvedMonth = resolvedMonth
            self.count = count
        }
    }

    public var cells: [Cell]
    public init(_ cells: [Cell]) { self.cells = cells }

    public func counts(in months: ClosedRange<StatisticalMonth>) -> ReportCounts {
        let first = months.lowerBound.code, last = months.upperBound.code
        var counts = ReportCounts(received: 0, registered: 0, carriedOver: 0, resolved: 0)
        for cell in cells {
            if (first...last).contains(cell.receivedMonth) {
                counts.received += cell.count
                if let registered = cell.registeredMonth, registered <= last { counts.registered += cell.count }
            } else if cell.receivedMonth < first, cell.resolvedMonth.map({ $0 >= first }) ?? true {
                counts.carriedOver += cell.count
            }
            if let resolved = cell.resolvedMonth, (first...last).contains(resolved), cell.receivedMonth <= last {
                counts.resolved += cell.count
            }
        }
        return counts
    }
}
