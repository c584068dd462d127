import Vapor

/// `/tasks`: the assignments of the user's scope with the four-way status, overdue first.
struct TaskBoardPage: Encodable {
    struct Count: Encodable {
        var status: String
        var label: String
        var count: Int
        var selected: Bool
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
    var dueSoon: Int
    var rows: [Row]
    var total: Int
    /// The next page's address, when there is one.
    var next: String?
}
