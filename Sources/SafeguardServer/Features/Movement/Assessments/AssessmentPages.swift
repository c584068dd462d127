import Fluent
import SafeguardCore
import Vapor

/// The page models of `AssessmentController`: what each of its templates receives.
extension AssessmentController {
    struct ListPage: Encodable {
        struct Row: Encodable {
            var unit: String
            var link: String
            var kind: String
            var state: String
            var total: String
            var level: String
            var weak: Bool
            var late: Bool
            var submittedOn: String
        }

        var page: PageContext
        var scopeName: String
        var year: Int
        var counts: [Choice]
        var filters: [Choice]
        var rows: [Row]
        var pager: PageLinks
        var canManage: Bool
    }

    struct UnitPage: Encodable {
        struct Row: Encodable {
            var code: String
            var text: String
            var maxPoints: String
            var points: String
            var finalPoints: String
            var note: String
            var evidenceRequired: Bool
            var files: [Choice]
            var adjustments: [String]
        }

        var page: PageContext
        var unitCode: String
        var unitName: String
        var year: Int
        var state: String
        var stateKey: String
        var deadline: String
        var late: Bool
        var submittedOn: String
        var total: String
        var level: String
        var version: Int
        var placeholder: Bool
        var returnReason: String?
        var rows: [Row]
        var criteria: [Choice]
        var canEdit: Bool
        var canReview: Bool
        var canApprove: Bool
        var canReopen: Bool
        /// Who did what and when (from the audit log).
        var history: [String]
        var errors: [String]
    }
}
