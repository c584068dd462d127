import SafeguardCore
import Vapor

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

/// The form for a new case or report; when it comes back refused, what was typed is kept and each
/// message stands beside its field, with a list at the top linking to them.
struct RecordFormPage: Encodable {
    struct Field: Encodable {
        var name: String
        var label: String
        var value: String
        var type: String
        var required: Bool
        var options: [Choice]?
        var hint: String?
        var error: String?
    }

    /// A message of the list at the top; `field` is the id it links to, when the form has that field.
    struct Problem: Encodable {
        var field: String?
        var message: String
    }

    var page: PageContext
    var heading: String
    var action: String
    var fields: [Field]
    var errors: [Problem]

    /// `labels` names fields whose label differs on this form (`FieldMessages.message`).
    init(page: PageContext, heading: String, action: String, fields: [Field], errors: [FieldError], _ request: Request, labels: [String: String] = [:]) {
        let messages = errors.map { (field: $0.field, message: FieldMessages.message($0, request, labels: labels)) }
        let named = Set(fields.map(\.name))
        (self.page, self.heading, self.action) = (page, heading, action)
        self.fields = fields.map { field in
            var field = field
            let own = messages.filter { $0.field == field.name }.map(\.message)
            field.error = own.isEmpty ? nil : own.joined(separator: " ")
            return field
        }
        self.errors = messages.map { Problem(field: named.contains($0.field) ? $0.field : nil, message: $0.message) }
    }
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
