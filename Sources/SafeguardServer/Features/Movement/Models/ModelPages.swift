import Fluent
import SafeguardCore
import Vapor

/// The page models of `ModelController`: what each of its templates receives.
extension ModelController {
    struct ListPage: Encodable {
        struct Row: Encodable {
            var name: String
            var link: String
            var unit: String
            var field: String
            var status: String
            var copies: Int
        }

        var page: PageContext
        var scopeName: String
        var coverage: [Choice]
        var fields: [Choice]
        var rows: [Row]
        var canAdd: Bool
    }

    struct FormPage: Encodable {
        var page: PageContext
        var unitName: String
        var fields: [Choice]
        var name: String
        var technology: String
        var startedOn: String
        var members: String
        var results: String
        var errors: FormErrors
    }

    struct ShowPage: Encodable {
        var page: PageContext
        var id: String
        var name: String
        var facts: [Choice]
        var origin: Choice?
        var copies: [Choice]
        var reviews: [Choice]
        var statuses: [Choice]
        var canAct: Bool
        var errors: [String]
    }
}
