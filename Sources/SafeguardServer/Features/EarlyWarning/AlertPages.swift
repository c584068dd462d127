import Vapor

/// `/warnings`: the alerts in the user's scope, newest first, with each method's precision.
struct AlertListPage: Encodable {
    struct Row: Encodable {
        var link: String
        var period: String
        var unit: String
        var watch: String
        var observed: Int
        var upperbound: String
        var expected: String
        var method: String
        var state: String
        var isNew: Bool
    }

    struct Precision: Encodable {
        var method: String
        var text: String
    }

    var page: PageContext
    var scopeName: String
    /// Communes not judged for lack of history, each with the reason in words.
    var shortHistory: [String]
    var rows: [Row]
    var precision: [Precision]
    var state: String
    var states: [Choice]
}

/// `/warnings/:id`: one alert with its chart, explanation, handling and review log.
struct AlertPage: Encodable {
    struct Review: Encodable {
        var at: String
        var actor: String
        var step: String
        var note: String
    }

    var page: PageContext
    var id: String
    var explanation: String
    var chart: String
    var facts: [Choice]
    var state: String
    var assessment: String?
    var canAct: Bool
    var canAcknowledge: Bool
    var canAssess: Bool
    var canClose: Bool
    var assessments: [Choice]
    var reviews: [Review]
    var errors: [String]
    var tasks: [Task]
    /// The form to give a task from the alert; nil when the user may not act on it.
    var taskForm: TaskForm?

    struct Task: Encodable {
        var link: String
        var title: String
        var responsible: String
        var due: String
        var expected: String
        var status: String
        var late: Bool
    }

    struct TaskForm: Encodable {
        var title: String
        var responsible: String
        /// yyyy-mm-dd, as a date input takes it.
        var due: String
        var expected: String
        var errors: [String]
    }
}
