import Fluent
import SafeguardCore
import Vapor
import Yams

/// The page models of `ReportFormController`: what each of its templates receives.
extension ReportFormController {
    struct ListPage: Encodable {
        var page: PageContext
        var forms: [Choice]
    }
}
