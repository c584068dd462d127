import Fluent
import SafeguardCore
import Vapor

/// The page models of `UnitPlanController`: what each of its templates receives.
extension UnitPlanController {
    struct Page: Encodable {
        struct CityTask: Encodable {
            var code: String
            var text: String
            var part: String
            var checked: Bool
        }

        var page: PageContext
        var unitName: String
        var cityPlan: String
        var version: Int?
        var status: String?
        var issued: Bool
        var number: String
        var issuedOn: String
        var signer: String
        var cityTasks: [CityTask]
        var ownTasks: String
        var cityTargets: [CityTarget]
        var ownTargets: String
        var errors: [String]

        /// A city target: what the city asks, whether the unit adopts it and with which threshold.
        struct CityTarget: Encodable {
            var code: String
            var text: String
            var city: String
            /// The unit's threshold as shown in the field, and as a requirement once issued.
            var value: String
            var mine: String
            var checked: Bool
        }
    }

    struct UnitsPage: Encodable {
        struct Row: Encodable {
            var unit: String
            var status: String
            var issued: Bool
            var detail: String
        }

        var page: PageContext
        var cityPlan: String
        var issued: Int
        var total: Int
        var rows: [Row]
    }
}
