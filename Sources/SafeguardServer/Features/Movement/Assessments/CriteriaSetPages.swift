import Fluent
import SafeguardCore
import Vapor
import Yams

/// The page models of `CriteriaSetController`: what each of its templates receives.
extension CriteriaSetController {
    struct CriteriaPage: Encodable {
        var page: PageContext
        var sets: [Choice]
    }
}
