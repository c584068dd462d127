import Vapor

/// `/reports`: the forms a unit reports on, period by period, with each report's state; for the
/// standing office the reports waiting for review and the completeness matrices.
struct ReportsPage: Encodable {
    struct Row: Encodable {
        var form: String
        var period: String
        var deadline: String
        var state: String
        var late: Bool
        var link: String
    }

    struct Waiting: Encodable {
        var unit: String
        var form: String
        var period: String
        var link: String
    }

    var page: PageContext
    var rows: [Row]
    var waiting: [Waiting]
    /// Completeness matrices, for whoever reads across units.
    var matrices: [Choice]
}

/// `/reports/:form/:period`: a unit's report — entry for the unit while it may edit it, reading and
/// review for the standing office.
struct ReportPage: Encodable {
    struct Cell: Encodable {
        var key: String
        var label: String
        var type: String
        var value: String
        var options: [Choice]
        var required: Bool
        var error: String?
        /// "Cao bất thường so với các kỳ trước (trung vị 12)".
        var outlier: String?
    }

    struct Event: Encodable {
        var at: String
        var actor: String
        var action: String
        var reason: String?
    }

    var page: PageContext
    var formCode: String
    var formTitle: String
    var unitName: String
    var unitCode: String
    var period: String
    var periodLabel: String
    var deadline: String
    var state: String
    var returnReason: String?
    var cells: [Cell]
    var editable: Bool
    /// The standing office's actions on a sent / approved report.
    var canApprove: Bool
    var canReopen: Bool
    var errors: [String]
    var warnings: [String]
    /// The activity log's count for the period (`OutreachController`), when there is one.
    var activities: String?
    var events: [Event]
    var saved: Bool
}

/// `/reports/:form/completeness`: units × periods with each report's state, and the rates.
struct CompletenessPage: Encodable {
    struct Rate: Encodable {
        var period: String
        var completeness: String
        var timeliness: String
    }

    var page: PageContext
    var formTitle: String
    var year: Int
    var periods: [String]
    var rates: [Rate]
    /// Every cell of the year.
    var total: Rate
    /// The table's rows as escaped HTML (`ReportController.completeness`).
    var rows: String
    var legend: [Choice]
}

/// A versioned definition (a report form, a criteria set) edited as its YAML text.
struct DefinitionEditPage: Encodable {
    var page: PageContext
    var back: String
    var backLabel: String
    var action: String
    var code: String
    var title: String
    var version: Int
    var intro: String
    var textLabel: String
    var text: String
    var errors: [String]
    var saved: Int?
}
