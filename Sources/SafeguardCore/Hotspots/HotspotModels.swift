/// A way to score every cell of a grid for "where will crime happen next", from the events
/// before a given day.
public protocol HotspotModel: Sendable {
    var name: String { get }
    /// One score per cell from the events strictly before `day`; higher is riskier.
    func scores(grid: HotspotGrid, events: [HotspotEvent], before day: Int) -> [Double]
}

/// Retrospective kernel density estimation (Chainey, Tompson & Uhlig 2008): every event of the last
/// `window` days adds a quartic kernel (1 − (d/h)²)² of bandwidth h metres around itself, evaluated
/// at cell centres. The classic hotspot map.
public struct KernelDensityHotspots: HotspotModel {
    public var bandwidth: Double
    public var window: Int
    public var name: String { "kde" }

    public init(bandwidth: Double = 400, window: Int = 365) {
        self.bandwidth = bandwidth
        self.window = window
    }

    public func scores(grid: HotspotGrid, events: [HotspotEvent], before day: Int) -> [Double] {
        var scores = [Double](repeating: 0, count: grid.cellCount)
        let reach = Int((bandwidth / grid.cellSize).rounded(.up))
        for event in events where event.day < day && event.day >= day - window {
            guard let home = grid.cell(x: event.x, y: event.y) else { continue }
            for (cell, _) in grid.neighbourhood(of: home, reach: reach) {
                let centre = grid.centre(of: cell)
                let u2 = ((centre.x - event.x) * (centre.x - event.x) + (centre.y - event.y) * (centre.y - event.y)) / (bandwidth * bandwidth)
                if u2 < 1 { scores[cell] += (1 - u2) * (1 - u2) }
            }
        }
        return scores
    }
}

/// Prospective hotspotting (Bowers, Johnson & Pease 2004, Br J Criminol 44:641–658): crime
/// clusters in space and time, so each recent event raises the risk of nearby cells for a few
/// weeks, by 1/(1 + distance in cells) × 1/(1 + age in weeks), within `cells` cells (Chebyshev
/// distance on the grid) and `weeks` weeks.
public struct ProspectiveHotspots: HotspotModel {
    public var cells: Int
    public var weeks: Int
    public var name: String { "prospective" }

    public init(cells: Int = 2, weeks: Int = 8) {
        self.cells = cells
        self.weeks = weeks
    }

    public func scores(grid: HotspotGrid, events: [HotspotEvent], before day: Int) -> [Double] {
        var scores = [Double](repeating: 0, count: grid.cellCount)
        for event in events where event.day < day {
            let age = (day - 1 - event.day) / 7
            guard age < weeks, let home = grid.cell(x: event.x, y: event.y) else { continue }
            for (cell, distance) in grid.neighbourhood(of: home, reach: cells) {
                scores[cell] += 1 / Double(1 + distance) / Double(1 + age)
            }
        }
        return scores
    }
}

/// The naive baseline: each cell's count of events in the last `window` days ("last month's map").
public struct CellCountHotspots: HotspotModel {
    public var window: Int
    public var name: String { "count-\(window)d" }

    public init(window: Int) { self.window = window }

    public func scores(grid: HotspotGrid, events: [HotspotEvent], before day: Int) -> [Double] {
        var scores = [Double](repeating: 0, count: grid.cellCount)
        for event in events where event.day < day && event.day >= day - window {
            if let cell = grid.cell(x: event.x, y: event.y) { scores[cell] += 1 }
        }
        return scores
    }
}

/// A rolling backtest of a hotspot model: for each test period, score the cells from the events
/// before it, flag the top cells covering a share of the area, and count the period's events that
/// fall in them. Hit rate = hits ÷ events; PAI (predictive accuracy index, Chainey et al. 2008) =
/// hit rate ÷ share of area flagged. A uniform guess has PAI 1.
public struct HotspotBacktest: Sendable {
    public struct Score: Sendable, Equatable {
        public var coverage: Double
        public var events: Int
        public var hits: Int
        public var hitRate: Double? { events > 0 ? Double(hits) / Double(events) : nil }
        /// The share of the study area actually flagged (whole cells, at least one).
        public var areaShare: Double
        public var pai: Double? { hitRate.map { $0 / areaShare } }
    }

    public var coverages: [Double]
    /// The area coverage is a share of, in square metres (a police force's territory); nil: the
    /// grid's rectangle, which for an irregular territory overstates the area and so the PAI.
    public var studyArea: Double?

    public init(coverages: [Double] = [0.01, 0.02, 0.05], studyArea: Double? = nil) {
        self.coverages = coverages
        self.studyArea = studyArea
    }

    /// How many cells a coverage flags, and the share of the study area they make.
    func flagged(_ coverage: Double, _ grid: HotspotGrid) -> (cells: Int, share: Double) {
        let cellArea = grid.cellSize * grid.cellSize
        let area = studyArea ?? Double(grid.cellCount) * cellArea
        let cells = min(grid.cellCount, max(1, Int((coverage * area / cellArea).rounded())))
        return (cells, Double(cells) * cellArea / area)
    }

    /// Scores over consecutive test periods of `length` days starting at `first`, `count` of them.
    public func run(_ model: any HotspotModel, grid: HotspotGrid, events: [HotspotEvent], first: Int, length: Int, count: Int) -> [Score] {
        var results = coverages.map { Score(coverage: $0, events: 0, hits: 0, areaShare: flagged($0, grid).share) }
        for period in 0..<count {
            let start = first + period * length
            let scores = model.scores(grid: grid, events: events, before: start)
            // Riskiest first; ties by cell number, so the result does not depend on sort stability.
            let ranked = scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
            let happened = events.filter { $0.day >= start && $0.day < start + length }
            for (i, coverage) in coverages.enumerated() {
                let top = Set(ranked.prefix(flagged(coverage, grid).cells))
                results[i].events += happened.count
                results[i].hits += happened.filter { grid.cell(x: $0.x, y: $0.y).map(top.contains) ?? false }.count
            }
        }
        return results
    }
}
