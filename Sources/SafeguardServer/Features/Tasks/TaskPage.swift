import Vapor

/// `/tasks/:id`: one assignment with its status, where it came from, its progress reports with
/// their evidence, and the form to report.
struct TaskPage: Encodable {
    struct Report: Encodable {
        var at: String
        var actor: String
        var text: String
        var percent: Int
        var completes: Bool
        var files: [File]
    }

    struct File: Encodable {
        var name: String
        var link: String
        var size: String
    }

    struct Form: Encodable {
        var text: String
        var percent: String
        var errors: [String]
    }

    var page: PageContext
    var id: String
    var title: String
    var facts: [Choice]
    var alertLink: String?
    var reports: [Report]
    var form: Form?
    /// The current person, when the user may name another.
    var responsible: String?
    var requiresEvidence: Bool
    var maximumFiles: Int
    /// For a coordinating part seen by the task's lead unit: the lead's own part.
    var leadLink: String?
    /// The lead unit's confirm / return form, while the part awaits it.
    var review: Review?
    /// For a lead part: the coordinating units' parts of the same occurrence.
    var parts: [Part]

    struct Review: Encodable {
        var errors: [String]
    }

    struct Part: Encodable {
        var id: String
        var unit: String
        var status: String
        var progress: Int
        var confirmation: String
        /// Reported finished and the user may confirm or return it.
        var awaiting: Bool
    }
}
