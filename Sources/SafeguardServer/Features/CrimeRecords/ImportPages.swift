import Fluent
import SafeguardCore
import Vapor

/// The page models of `ImportController`: what each of its templates receives.
extension ImportController {
    struct Form: Encodable {
        var page: PageContext
        var kinds: [Choice]
        var error: String?
    }

    struct Preview: Encodable {
        var page: PageContext
        var id: String
        var fileName: String
        var kind: String
        var header: [String]
        var rows: [[String]]
        var total: Int
        var good: Int
        var errors: [String]
        var moreErrors: Int
    }

    struct Result: Encodable {
        var page: PageContext
        var imported: Int
        var rejected: [String]
        var listLink: String
    }
}
