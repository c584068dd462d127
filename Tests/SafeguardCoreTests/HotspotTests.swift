import Foundation
import Testing
@testable import SafeguardCore

@Suite struct HotspotTests {
    /// A 10 × 10 grid of 100 m cells: the corners 900 m apart each way (latitude 20.8°).
    static let grid: HotspotGrid = {
        let north = 20.8 + 950 / HotspotGrid.metresPerDegreeLatitude
        let east = 106.6 + 950 / (HotspotGrid.metresPerDegreeLatitude * cos((20.8 + north) / 2 * .pi / 180))
        return HotspotGrid(covering: [(20.8, 106.6), (north, east)], cellSize: 100)!
    }()

    static func centre(_ cell: Int, day: Int) -> HotspotEvent {
        let c = grid.centre(of: cell)
        return HotspotEvent(x: c.x, y: c.y, day: day)
    }

    @Test func pointsFallInTheirCells() {
        let grid = Self.grid
        #expect(grid.columns == 10 && grid.rows == 10 && grid.cellCount == 100)
        #expect(grid.cell(latitude: 20.8, longitude: 106.6) == 0)
        // 250 m east and 150 m north of the corner: column 2, row 1.
        let lat = 20.8 + 150 / HotspotGrid.metresPerDegreeLatitude
        let lon = 106.6 + 250 / (HotspotGrid.metresPerDegreeLatitude * cos((20.8 + 20.8 + 950 / HotspotGrid.metresPerDegreeLatitude) / 2 * .pi / 180))
        #expect(grid.cell(latitude: lat, longitude: lon) == 12)
        #expect(grid.cell(latitude: 20.79, longitude: 106.6) == nil)
    }

    @Test func kernelDensityIsAQuarticKernelAtCellCentres() {
        let event = Self.centre(0, day: 10)
        let narrow = KernelDensityHotspots(bandwidth: 100, window: 30).scores(grid: Self.grid, events: [event], before: 20)
        #expect(narrow[0] == 1 && narrow[1] == 0 && narrow.reduce(0, +) == 1)
        // Bandwidth 200 m: the next cell (100 m) gets (1 − 0.25)², the diagonal (141 m) (1 − 0.5)².
        let wide = KernelDensityHotspots(bandwidth: 200, window: 30).scores(grid: Self.grid, events: [event], before: 20)
        #expect(abs(wide[1] - 0.5625) < 1e-12 && abs(wide[10] - 0.5625) < 1e-12 && abs(wide[11] - 0.25) < 1e-12 && wide[2] == 0)
        // Events outside the window, or not yet happened, do not count.
        #expect(KernelDensityHotspots(bandwidth: 100, window: 5).scores(grid: Self.grid, events: [event], before: 20)[0] == 0)
        #expect(KernelDensityHotspots(bandwidth: 100, window: 30).scores(grid: Self.grid, events: [event], before: 10)[0] == 0)
    }

    @Test func prospectiveRiskDecaysWithDistanceAndWeeks() {
        let model = ProspectiveHotspots(cells: 2, weeks: 8)
        let event = Self.centre(0, day: 0)
        let thisWeek = model.scores(grid: Self.grid, events: [event], before: 7)
        #expect(thisWeek[0] == 1 && thisWeek[1] == 0.5 && thisWeek[11] == 0.5 && abs(thisWeek[22] - 1.0 / 3) < 1e-12 && thisWeek[3] == 0)
        let nextWeek = model.scores(grid: Self.grid, events: [event], before: 8)
        #expect(nextWeek[0] == 0.5 && nextWeek[1] == 0.25)
        #expect(model.scores(grid: Self.grid, events: [event], before: 57)[0] == 0)  // nine weeks on
    }

    @Test func backtestCountsHitsAndPAI() {
        // A repeat location: one crime every week in cell 55; the model flags it from the second week on.
        let repeats = (0..<10).map { Self.centre(55, day: 7 * $0 + 3) }
        let scores = HotspotBacktest().run(ProspectiveHotspots(), grid: Self.grid, events: repeats, first: 7, length: 7, count: 9)
        let one = scores[0]
        #expect(one.coverage == 0.01 && one.events == 9 && one.hits == 9 && one.hitRate == 1 && one.areaShare == 0.01)
        #expect(abs(one.pai! - 100) < 1e-9)
        // Crimes that never come back where they were: nothing to learn, no hits at 1%.
        let wandering = (0..<10).map { Self.centre(($0 * 37) % 100, day: 7 * $0 + 3) }
        let none = HotspotBacktest().run(ProspectiveHotspots(cells: 0, weeks: 8), grid: Self.grid, events: wandering, first: 7, length: 7, count: 9)
        #expect(none[0].hits == 0 && none[0].hitRate == 0 && none[2].areaShare == 0.05)
    }

    /// Coverage as a share of a territory smaller than the grid's rectangle (half of it): 1% is
    /// half a cell there, so one whole cell is flagged and its share is 2%.
    @Test func coverageIsAShareOfTheStudyArea() {
        let half = 50 * 100.0 * 100
        let backtest = HotspotBacktest(coverages: [0.01, 0.1], studyArea: half)
        let events = [Self.centre(7, day: 1), Self.centre(7, day: 2), Self.centre(8, day: 3), Self.centre(7, day: 40)]
        let scores = backtest.run(CellCountHotspots(window: 30), grid: Self.grid, events: events, first: 30, length: 30, count: 1)
        #expect(scores[0].areaShare == 0.02 && scores[0].hits == 1 && scores[0].pai == 50)
        #expect(scores[1].areaShare == 0.1 && scores[1].events == 1)
        // The count model forgets what is older than its window.
        let later = CellCountHotspots(window: 30).scores(grid: Self.grid, events: events, before: 33)
        #expect(later[7] == 0 && later[8] == 1)
    }

    /// A market where four thefts a week happen, among cases scattered over a few kilometres: the
    /// map flags the market's cell in the top 1%, labels the unit at its cases' centre, and the
    /// backtest finds most weekly cases in the flagged cells.
    @Test func theMapFlagsARepeatLocation() throws {
        var rng = SplitMix64(seed: 11)
        let today = CalendarDate(iso: "2026-11-30")!.dayNumber
        let market = (latitude: 20.86, longitude: 106.68)
        var points: [HotspotMap.Point] = []
        for week in 0..<30 {
            let day = today - 7 * (30 - week)
            for i in 0..<4 {
                points.append(.init(latitude: market.latitude + rng.normal() * 0.0002, longitude: market.longitude + rng.normal() * 0.0002,
                                    day: day + i, unit: "11311"))
            }
            points.append(.init(latitude: market.latitude + (rng.unit() - 0.5) * 0.05, longitude: market.longitude + (rng.unit() - 0.5) * 0.05,
                                day: day + 5, unit: "11314"))
        }
        let map = try #require(HotspotMap(points: points, today: today, testWeeks: 12))
        #expect(map.grid.cellSize == 250 && map.recentCases == points.count)
        let (x, y) = map.grid.metres(latitude: market.latitude, longitude: market.longitude)
        let cell = try #require(map.grid.cell(x: x, y: y))
        #expect(map.flagged[cell] == 0.01)
        let label = try #require(map.labels.first)
        #expect(label.unit == "11311" && label.cases == 120 && abs(label.x - x) < 50 && abs(label.y - y) < 50)
        #expect(map.backtest.map(\.model) == ["kde", "prospective", "count-28d"])
        let kde = try #require(map.backtest.first?.scores.first)
        #expect(kde.events == 60 && kde.hitRate! >= 0.75 && kde.pai! > 10)
        // Cells grow with the area: points 100 km apart get cells of at least 1,250 m.
        let wide = try #require(HotspotMap(points: [points[0], .init(latitude: 21.76, longitude: 106.68, day: today - 3, unit: "x")], today: today))
        #expect(wide.grid.cellSize >= 1250 && Double(max(wide.grid.columns, wide.grid.rows)) <= HotspotMap.maximumCellsAcross + 1)
        #expect(HotspotMap(points: [], today: today) == nil)
    }
}

