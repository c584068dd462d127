import Fluent
import SafeguardCore
import Vapor

/// The page models of `EmulationController`: what each of its templates receives.
extension EmulationController {
    struct Page: Encodable {
        struct Row: Encodable {
            var rank: Int
            var unit: String
            var score: String
            var parts: [String]
        }

        struct Weight: Encodable {
            var key: String
            var label: String
            var value: String
        }

        var page: PageContext
        var year: Int
        var weights: [Weight]
        var headers: [String]
        var rows: [Row]
        var query: String
    }
}
