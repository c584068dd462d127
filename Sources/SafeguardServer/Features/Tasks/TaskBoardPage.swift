import Vapor

/// `/tasks`: the assignments of the user's scope with the four-way status, overdue first.
struct TaskBoardPage: Encodable {
    struct Count: Encodable {
        var status: String
        var label: String
        var count: Int
        var selected: Bool
        var link: String
    }

    /// The filter form's choices (a plain GET form, so it works without JavaScript).
    struct Filters: Encodable {
        /// Where the form goes (the board or the late view) and whether it offers the status.
        var action: String
        var withStatus: Bool
        var sections: [Choice]
        var leads: [Choice]
        var statuses: [Choice]
        /// A unit chosen from the "who is late" view, kept by the form.
        var unit: String?
    }

    struct Row: Encodable {
        var unit: String
        var title: String
        var link: String
        var responsible: String
        var due: String
        var status: String
        var late: Bool
        var dueSoon: Bool
    }

    var page: PageContext
    var scopeName: String
    var counts: [Count]
    /// The board without a status, and the "who is late" view, with the same filters.
    var all: String
    var late: String
    var filters: Filters
    var dueSoon: Int
    var rows: [Row]
    var total: Int
    /// The next page's address, when there is one.
    var next: String?
}

/// `/tasks/late`: ai đang chậm — units with late work, most first.
struct TaskLatePage: Encodable {
    struct Row: Encodable {
        var unit: String
        /// The unit's late work on the board.
        var link: String
        var overdue: Int
        var open: Int
        var late: Int
        var onTime: Int
        var total: Int
        /// Finished on time, of all finished.
        var onTimeShare: String
    }

    var page: PageContext
    var scopeName: String
    var board: String
    var filters: TaskBoardPage.Filters
    /// The headings after the unit's: the four statuses, the total, the share on time.
    var columns: [String]
    var rows: [Row]
    /// Units with nothing late.
    var onTrack: Int
}
