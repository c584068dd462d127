import Fluent
import SafeguardCore
import Vapor

/// The page models of `DrugFreeController`: what each of its templates receives.
extension DrugFreeController {
    struct ListPage: Encodable {
        struct Row: Encodable {
            var unit: String
            var link: String
            var checklist: String
            var typeI: Bool
            var recognised: Bool
        }

        var page: PageContext
        var year: Int
        var share: String
        var rows: [Row]
    }

    struct UnitPage: Encodable {
        struct Field: Encodable {
            var name: String
            var label: String
            var value: String
        }

        struct Item: Encodable {
            var code: String
            var text: String
            var met: Bool
        }

        var page: PageContext
        var unitCode: String
        var unitName: String
        var year: Int
        var fields: [Field]
        var onRoute: Bool
        var conditions: [Choice]
        var typeI: Bool
        var items: [Item]
        var placeholder: Bool
        var decisionNumber: String
        var decisionDate: String
        var recognised: Bool
        var canEdit: Bool
        var errors: [String]
    }
}
