import SafeguardCore
import Vapor

/// Messages for record form errors: "«Ngày phát hiện»: Ngày không hợp lệ … (31/02/2026)".
enum FieldMessages {
    static let labels: [String: String] = [
        "code": "record_code", "article": "case_article", "clause": "case_clause", "unit": "case_unit",
        "occurred_on": "case_occurred_on", "discovered_on": "case_discovered_on", "solved_on": "case_solved_on",
        "suspects": "case_suspects", "summary": "case_summary", "latitude": "case_latitude", "longitude": "case_longitude",
        "kind": "report_kind", "received_on": "report_received_on", "source": "report_source", "category": "case_category",
        "registered_on": "report_registered_on", "extensions": "report_extensions", "suspended_on": "report_suspended_on",
        "resumed_on": "report_resumed_on", "decided_on": "report_decided_on", "outcome": "report_outcome",
        "reason": "case_reclassify_reason", "date": "report_action_date", "action": "report_action",
        "title": "task_title", "responsible": "task_responsible", "due": "task_due", "expected": "task_expected",
        "text": "task_update_text", "percent": "task_percent", "evidence": "task_evidence",
        "tasks": "unit_plan_tasks", "own_tasks": "unit_plan_own_tasks", "number": "unit_plan_number", "issued_on": "unit_plan_issued_on", "signer": "unit_plan_signer",
        "targets": "unit_plan_targets", "own_targets": "unit_plan_own_targets",
        "name": "models_name", "field": "models_field", "started_on": "models_started_on", "members": "models_members",
        "results": "models_results", "rating": "models_rating",
        "checklist": "drugfree_checklist", "decision_number": "drugfree_decision_number", "decision_date": "drugfree_decision_date",
        "population": "drugfree_population", "users": "drugfree_users", "venues": "drugfree_venues", "offenders": "drugfree_offenders",
        "drug_plants": "drugfree_plants", "drug_plant_area": "drugfree_plant_area", "held_on": "events_held_on", "participants": "events_participants",
    ]

    /// `labels` names fields whose label differs on this form (an activity's title is not a task's).
    static func message(_ error: FieldError, _ request: Request, labels overrides: [String: String] = [:]) -> String {
        let label = (overrides[error.field] ?? labels[error.field]).map(request.t) ?? error.field
        return "«\(label)»: \(request.t(error.reason.localizationKey))" + (error.reason.detail.map { " (\($0))" } ?? "")
    }
}

/// A body refused field by field: 422, with the messages in the user's language, and in the API
/// `errors: [{"field", "code", "message"}]` so a program can point at the field
/// (`ErrorPageMiddleware`). Pages show the same problems, each beside its field.
struct FieldRefusal: AbortError {
    /// One field at fault: its name in the body, a stable code, and the message for people.
    struct Problem: Sendable {
        var field: String
        var code: String
        var message: String

        init(field: String, code: String, message: String) {
            (self.field, self.code, self.message) = (field, code, message)
        }

        /// A core `FieldError` (code `out-of-range`, `required`…), labelled as the form labels it.
        init(_ error: FieldError, _ request: Request, labels: [String: String] = [:]) {
            self.init(field: error.field, code: String(error.reason.localizationKey.split(separator: ".").last ?? ""),
                      message: FieldMessages.message(error, request, labels: labels))
        }
    }

    let problems: [Problem]
    var status: HTTPResponseStatus { .unprocessableEntity }
    var reason: String { messages.joined(separator: "; ") }
    var messages: [String] { problems.map(\.message) }

    init(_ problems: [Problem]) {
        self.problems = problems
    }

    init(field: String, code: String, message: String) {
        self.init([Problem(field: field, code: code, message: message)])
    }

    init(_ errors: FieldErrors, _ request: Request, labels: [String: String] = [:]) {
        self.init(errors.errors.map { Problem($0, request, labels: labels) })
    }
}

/// A refused form's problems as its page shows them: listed at the top, each linking to its field
/// (`#f-<field>`), and each beside its field (`fields.<field>`, with `aria-describedby`), as WCAG
/// 3.3.1 asks. `shared/form-errors.leaf` draws the list.
struct FormErrors: Encodable {
    struct Item: Encodable {
        var field: String?
        var message: String
    }

    var list: [Item]
    /// The message of each field at fault, by the field's name in the core (`started_on`).
    var fields: [String: String]

    static let none = FormErrors([])

    init(_ problems: [FieldRefusal.Problem]) {
        list = problems.map { Item(field: $0.field.isEmpty ? nil : $0.field, message: $0.message) }
        fields = Dictionary(problems.filter { !$0.field.isEmpty }.map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first })
    }

    init(_ errors: FieldErrors, _ request: Request, labels: [String: String] = [:]) {
        self.init(FieldRefusal(errors, request, labels: labels).problems)
    }
}
