import SafeguardCore
import Vapor

/// The page models of `PeopleController`: what each of its templates receives.
extension PeopleController {
    struct ListPage: Encodable {
        struct Row: Encodable {
            var code: String
            var initials: String
            var kind: String
            var unit: String
            var startedOn: String
            var endsOn: String
            var closed: Bool
            var restricted: Bool
        }

        var page: PageContext
        var unitName: String
        var kinds: [Choice]
        var showClosed: Bool
        var rows: [Row]
        var figures: [Fact]
        var canCreate: Bool
        var canExport: Bool
    }

    /// One figure with its definition, for the list's summary.
    struct Fact: Encodable {
        var label: String
        var value: String
        var note: String?
    }

    struct ReasonPage: Encodable {
        var page: PageContext
        var code: String
        var reasons: [Choice]
    }

    struct PersonPage: Encodable {
        struct Line: Encodable {
            var label: String
            var value: String
        }

        struct Clock: Encodable {
            var name: String
            var started: String
            var deadline: String
            var done: String
            var status: String
            var statusClass: String
            var source: String
            var verify: Bool
        }

        struct Event: Encodable {
            var when: String
            var kind: String
            var text: String
            var by: String
            /// The case a re-offending is linked to.
            var link: String?
        }

        struct Rule: Encodable {
            var mode: String
            var user: String
            var by: String
        }

        var page: PageContext
        var code: String
        var initials: String
        var kind: String
        var anonymised: Bool
        var identity: [Line]
        var management: [Line]
        var sameIdentity: [Line]
        var clocks: [Clock]
        var events: [Event]
        var rules: [Rule]
        var canEdit: Bool
        var closed: Bool
        var eventKinds: [Choice]
        var supportKinds: [Choice]
        var units: [Choice]
        /// What a refused form held, typed back in.
        var values: [String: String]
        var today: String
        var errors: FormErrors
    }

    struct DuePage: Encodable {
        struct Row: Encodable {
            var code: String
            var initials: String
            var unit: String
            var clock: String
            var deadline: String
            var status: String
            var statusClass: String
            var source: String
        }

        var page: PageContext
        var unitName: String
        var rows: [Row]
    }
}
