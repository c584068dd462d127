import Fluent
import SafeguardCore
import Vapor

/// The page models of `OutreachController`: what each of its templates receives.
extension OutreachController {
    struct ListPage: Encodable {
        struct Row: Encodable {
            var title: String
            var link: String
            var unit: String
            var kind: String
            var heldOn: String
            var participants: Int
        }

        var page: PageContext
        var scopeName: String
        var year: Int
        var totals: [Choice]
        var rows: [Row]
        var canAdd: Bool
    }

    struct FormPage: Encodable {
        var page: PageContext
        var unitName: String
        var kinds: [Choice]
        var title: String
        var heldOn: String
        var participants: String
        var errors: FormErrors
    }

    struct ShowPage: Encodable {
        var page: PageContext
        var title: String
        var facts: [Choice]
        var files: [Choice]
    }
}
