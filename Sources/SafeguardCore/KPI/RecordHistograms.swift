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

/// Crime reports counted by the months that matter to the report targets: receipts paired with
/// their registration month (intake), and handling steps by month (resolution).
public struct ReportHistogram: Sendable, Equatable {
    /// Reports received in a month, and the month they were registered in (nil: not yet).
    public struct Cell: Sendable, Equatable {
        public var receivedMonth: Int
        public var registeredMonth: Int?
        public var count: Int

        public init(receivedMonth: Int, registeredMonth: Int?, count: Int) {
            self.receivedMonth = receivedMonth
            self.registeredMonth = registeredMonth
            self.count = count
        }
    }

    /// Handling steps of one kind in a month, with their effect on the pending pool.
    public struct StepCell: Sendable, Equatable {
        public var month: Int
        public var kind: HandlingStep.Kind
        public var pendingChange: Int
        public var count: Int

        public init(month: Int, kind: HandlingStep.Kind, pendingChange: Int, count: Int) {
            self.month = month
            self.kind = kind
            self.pendingChange = pendingChange
            self.count = count
        }
    }

    public var cells: [Cell]
    public var steps: [StepCell]
    public init(_ cells: [Cell], steps: [StepCell] = []) {
        self.cells = cells
        self.steps = steps
    }

    /// The steps of a set of reports' histories, counted by month.
    public init(reports: [CrimeReportLifecycle]) {
        var intake: [Int: [Int?: Int]] = [:]
        var steps: [String: StepCell] = [:]
        for report in reports {
            intake[StatisticalMonth(containing: report.receivedOn).code, default: [:]][report.registeredOn.map { StatisticalMonth(containing: $0).code }, default: 0] += 1
            for step in report.steps {
                let month = StatisticalMonth(containing: step.on).code
                steps["\(month) \(step.kind) \(step.pendingChange)", default: StepCell(month: month, kind: step.kind, pendingChange: step.pendingChange, count: 0)].count += 1
            }
        }
        self.cells = intake.flatMap { received, byRegistration in
            byRegistration.map { Cell(receivedMonth: received, registeredMonth: $0.key, count: $0.value) }
        }
        self.steps = Array(steps.values)
    }

    public func counts(in months: ClosedRange<StatisticalMonth>) -> ReportCounts {
        let range = months.lowerBound.code...months.upperBound.code
        var counts = ReportCounts()
        for cell in cells where range.contains(cell.receivedMonth) {
            counts.received += cell.count
            if let registered = cell.registeredMonth, registered <= range.upperBound { counts.receivedAndRegistered += cell.count }
        }
        for cell in steps {
            if cell.month < range.lowerBound {
                counts.pendingAtStart += cell.pendingChange * cell.count
                continue
            }
            guard range.contains(cell.month) else { continue }
            switch cell.kind {
            case .registered: counts.registered += cell.count
            case .resumed: counts.resumed += cell.count
            case .transferred where cell.pendingChange != 0: counts.transferred += cell.count
            case .decided: counts.decided += cell.count
            case .suspended: counts.suspended += cell.count
            case .received, .extended, .transferred: break
            }
        }
        return counts
    }
}
