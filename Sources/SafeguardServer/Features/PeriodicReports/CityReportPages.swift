import Fluent
import SafeguardCore
import Vapor

/// The page models of `CityReportController`: what each of its templates receives.
extension CityReportController {
    struct Page: Encodable {
        struct Line: Encodable {
            var label: String
            var figure: String
            var computed: String
            var reporting: Int
            var mismatch: Bool
        }

        struct Section: Encodable {
            var title: String
            var summary: String
            var lines: [Line]
        }

        var page: PageContext
        var period: String
        var periodLabel: String
        var periods: [Choice]
        var kpis: [Choice]
        var sections: [Section]
    }
}
