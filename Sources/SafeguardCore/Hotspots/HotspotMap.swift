import Foundation

/// Bản đồ điểm nóng: what the hotspot page shows for an area — a grid over its recorded case
/// coordinates, each cell's risk for the coming weeks (kernel density over the last year), the
/// riskiest cells covering 1%, 2% and 5% of the grid, where each unit's cases lie (for its label),
/// and a rolling backtest of the models over the last weeks, so a reader sees how much a flagged
/// cell has been worth (hit rate, PAI) before acting on it.
public struct HotspotMap: Sendable {
    /// A case with coordinates: when it was discovered (day number) and in which unit.
    public struct Point: Sendable, Equatable {
        public var latitude: Double
        public var longitude: Double
        public var day: Int
        public var unit: String

        public init(latitude: Double, longitude: Double, day: Int, unit: String) {
            self.latitude = latitude
            self.longitude = longitude
            self.day = day
            self.unit = unit
        }
    }

    /// One model's backtest: hit rate and PAI at each coverage, over the test weeks.
    public struct Evaluation: Sendable, Equatable {
        public var model: String
        public var scores: [HotspotBacktest.Score]
    }

    /// The mean position of a unit's cases, in metres from the grid's south-west corner.
    public struct Label: Sendable, Equatable {
        public var unit: String
        public var x: Double
        public var y: Double
        public var cases: Int
    }

    public static let coverages = [0.01, 0.02, 0.05]

    public var grid: HotspotGrid
    /// Kernel density of the last year's cases at each cell centre.
    public var risk: [Double]
    /// For each flagged cell, the smallest coverage that flags it.
    public var flagged: [Int: Double]
    public var labels: [Label]
    public var backtest: [Evaluation]
    /// Cases in the last year (those the risk is computed from).
    public var recentCases: Int
    public var bandwidth: Double

    /// At most this many cells across the grid's longer side: cells grow with the area (250 m for
    /// a commune, about a kilometre for a city), so the page stays readable and light.
    public static let maximumCellsAcross = 80.0

    /// Nil without any point. `today` is the first day not yet known; the backtest weeks are the
    /// `testWeeks` weeks before it.
    public init?(points: [Point], today: Int, window: Int = 365, testWeeks: Int = 12) {
        let located = points.filter { $0.day < today }
        guard let probe = HotspotGrid(covering: located.map { ($0.latitude, $0.longitude) }, cellSize: 1) else { return nil }
        let extent = Double(max(probe.columns, probe.rows))
        let cellSize = max(250, (extent / Self.maximumCellsAcross / 50).rounded(.up) * 50)
        guard let grid = HotspotGrid(covering: located.map { ($0.latitude, $0.longitude) }, cellSize: cellSize) else { return nil }
        self.grid = grid
        let bandwidth = 2 * cellSize
        self.bandwidth = bandwidth
        let events = located.map { p -> HotspotEvent in
            let (x, y) = grid.metres(latitude: p.latitude, longitude: p.longitude)
            return HotspotEvent(x: x, y: y, day: p.day)
        }
        let density = KernelDensityHotspots(bandwidth: bandwidth, window: window)
        let risk = density.scores(grid: grid, events: events, before: today)
        self.risk = risk
        recentCases = events.filter { $0.day >= today - window }.count
        let ranked = risk.indices.filter { risk[$0] > 0 }.sorted { risk[$0] != risk[$1] ? risk[$0] > risk[$1] : $0 < $1 }
        var flagged: [Int: Double] = [:]
        let backtester = HotspotBacktest(coverages: Self.coverages)
        for coverage in Self.coverages.reversed() {
            for cell in ranked.prefix(backtester.flagged(coverage, grid).cells) { flagged[cell] = coverage }
        }
        self.flagged = flagged
        var sums: [String: (x: Double, y: Double, n: Int)] = [:]
        for (p, e) in zip(located, events) where e.day >= today - window {
            let s = sums[p.unit] ?? (0, 0, 0)
            sums[p.unit] = (s.x + e.x, s.y + e.y, s.n + 1)
        }
        labels = sums.map { Label(unit: $0.key, x: $0.value.x / Double($0.value.n), y: $0.value.y / Double($0.value.n), cases: $0.value.n) }
            .sorted { $0.cases != $1.cases ? $0.cases > $1.cases : $0.unit < $1.unit }
        let models: [any HotspotModel] = [density, ProspectiveHotspots(), CellCountHotspots(window: 28)]
        let first = today - 7 * testWeeks
        backtest = models.map { model in
            Evaluation(model: model.name, scores: backtester.run(model, grid: grid, events: events, first: first, length: 7, count: testWeeks))
        }
    }
}
