import Fluent
import SafeguardCore
import SQLKit
import Vapor

/// Điểm nóng: where the cases of the user's scope cluster, as a grid over their coordinates with
/// each cell's risk for the coming weeks, and a rolling backtest saying how much a flagged cell has
/// been worth. Only cases with coordinates count; the page says how many.
struct HotspotController: RouteCollection {
    /// The weeks of the backtest, and the year of cases the risk is computed from.
    static let testWeeks = 12
    static let window = 365

    func boot(routes: any RoutesBuilder) throws {
        routes.get("hotspots", use: show)
    }

    func show(req: Request) async throws -> View {
        let scope = try await req.defaultScope()
        let today = req.today.dayNumber + 1
        let since = CalendarDate(dayNumber: today - Self.window - 7 * Self.testWeeks)
        let rows = try await (req.db as! any SQLDatabase).raw("""
            SELECT latitude, longitude, discovered_on, commune_code FROM criminal_cases
            WHERE \(Scope(scope).recordCondition) AND latitude IS NOT NULL AND longitude IS NOT NULL AND discovered_on >= \(bind: since.description)
            """).all()
        var points: [HotspotMap.Point] = []
        for row in rows {
            guard let day = CalendarDate(iso: try row.decode(column: "discovered_on", as: String.self)) else { continue }
            points.append(HotspotMap.Point(latitude: try row.decode(column: "latitude", as: Double.self), longitude: try row.decode(column: "longitude", as: Double.self),
                                           day: day.dayNumber, unit: try row.decode(column: "commune_code", as: String.self)))
        }
        let map = HotspotMap(points: points, today: today, window: Self.window, testWeeks: Self.testWeeks)
        let language = req.language
        func percent(_ value: Double?) -> String { value.map { Formatting.number(($0 * 1000).rounded() / 10, language) + "%" } ?? "—" }
        func decimal(_ value: Double?) -> String { value.map { Formatting.number(($0 * 10).rounded() / 10, language) } ?? "—" }
        var svg: String?
        var summary = req.t("hotspots_none")
        var table: [HotspotPage.Row] = []
        if let map {
            let codes = Set(map.labels.map(\.unit))
            let names = try await OrgUnit.names(of: codes, on: req.db)
            let top = map.flagged.filter { $0.value == HotspotMap.coverages[0] }.count
            summary = req.t("hotspots_summary")
                .replacingOccurrences(of: "{cases}", with: String(map.recentCases))
                .replacingOccurrences(of: "{cell}", with: Formatting.number(map.grid.cellSize, language))
                .replacingOccurrences(of: "{cells}", with: String(top))
            svg = HotspotMapView(
                map: map, unitNames: names, title: req.t("hotspots_title") + " — " + scope.name, description: summary,
                scaleLabel: { $0 >= 1000 ? Formatting.number($0 / 1000, language) + " km" : Formatting.number($0, language) + " m" }).svg
            table = map.backtest.map { evaluation in
                .init(model: req.t("hotspots_model_\(evaluation.model.hasPrefix("count") ? "count" : evaluation.model)"),
                      cells: evaluation.scores.map { "\(percent($0.hitRate)) · \(decimal($0.pai))" })
            }
        }
        let testEvents = map?.backtest.first?.scores.first?.events ?? 0
        return try await req.page("hotspots/hotspots", HotspotPage(
            page: PageContext(req, title: req.t("hotspots_title")), scopeName: scope.name, map: svg, summary: summary, rows: table,
            testEvents: testEvents,
            notes: [req.t("hotspots_note_coordinates").replacingOccurrences(of: "{located}", with: String(points.count)), req.t("hotspots_note_pai")]))
    }
}
