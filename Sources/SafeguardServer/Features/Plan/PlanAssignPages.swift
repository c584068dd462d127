import Fluent
import SafeguardCore
import Vapor

/// The page models of `PlanAssignController`: what each of its templates receives.
extension PlanAssignController {
    struct Page: Encodable {
        var page: PageContext
        var code: String
        var text: String
        var lead: String
        var coordinating: String?
        var year: Int
        var instances: Int
        var recurrence: String
        var expected: String
        var requiresEvidence: Bool
        var errors: [String]
    }
}
