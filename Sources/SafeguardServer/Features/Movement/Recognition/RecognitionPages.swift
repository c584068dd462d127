import Fluent
import SafeguardCore
import Vapor

/// The page models of `RecognitionController`: what each of its templates receives.
extension RecognitionController {
    struct RegistrationsPage: Encodable {
        struct Row: Encodable {
            var code: String
            var unit: String
            var kind: String
            var safety: Bool
            var exemplary: Bool
            var registeredOn: String
            var late: Bool
            var canRegister: Bool
        }

        var page: PageContext
        var scopeName: String
        var year: Int
        var deadline: String
        var share: String
        var rows: [Row]
        var pager: PageLinks
        var errors: [String]
    }

    struct CommunesPage: Encodable {
        struct Row: Encodable {
            var unit: String
            var members: String
            var recognised: Bool
            var reasons: [String]
            var areas: [Choice]
            /// The listed cases on record, linked.
            var cases: [Choice]
        }

        var page: PageContext
        var scopeName: String
        var year: Int
        var placeholder: Bool
        var rows: [Row]
    }

    struct AreaPage: Encodable {
        struct Item: Encodable {
            var code: String
            var text: String
            var met: Bool
            /// Answered by the records: the listed cases that make it unmet, linked (empty: none on file).
            var answeredByRecords: Bool
            var cases: [Choice]
        }

        var page: PageContext
        var unitCode: String
        var unitName: String
        var year: Int
        var items: [Item]
        var placeholder: Bool
        var decided: Bool
        var recognised: Bool
        var reasons: [String]
        var canDecide: Bool
    }
}
