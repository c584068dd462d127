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

struct Choice: Encodable {
    var value: String
    var label: String
    var selected = false
}

/// Danh sách vụ án / tin báo of the user's scope.
struct RecordListPage: Encodable {
    struct Row: Encodable {
        var code: String
        var link: String
        var columns: [String]
        var overdue: Bool
    }

    var page: PageContext
    var heading: String
    var scopeName: String
    var headers: [String]
    var rows: [Row]
    var total: Int
    var query: String
    var filters: [Choice]
    var newLink: String?
}

/// The form for a new case or report; values are kept when the form comes back with errors.
struct RecordFormPage: Encodable {
    struct Field: Encodable {
        var name: String
        var label: String
        var value: String
        var type: String
        var required: Bool
        var options: [Choice]?
        var hint: String?
    }

    var page: PageContext
    var heading: String
    var action: String
    var fields: [Field]
    var errors: [String]
}

/// One case or report, with its history and the forms of what may be done next.
struct RecordPage: Encodable {
    struct Line: Encodable {
        var label: String
        var value: String
    }

    var page: PageContext
    var heading: String
    var lines: [Line]
    var history: [Line]
    var errors: [String]
    var canEdit: Bool
    /// Cases: the reclassification form.
    var reclassifyAction: String?
    var article: String?
    var clause: String?
    /// Cases not yet solved: the form recording the day they were.
    var solveAction: String?
    /// Reports: the handling steps still possible.
    var actions: [Choice]
    var actionPath: String?
    var outcomes: [Choice]
    var today: String
}

/// Thay đổi phân loại: reclassifications in a period, downgrades first.
struct ReclassificationsPage: Encodable {
    struct Row: Encodable {
        var at: String
        var caseCode: String
        var caseLink: String
        var commune: String
        var before: String
        var after: String
        var reason: String
        var actor: String
        var downgrade: Bool
    }

    var page: PageContext
    var periodLabel: String
    var period: String
    var downgradesOnly: Bool
    var rows: [Row]
    var countsByCommune: [Choice]
}
