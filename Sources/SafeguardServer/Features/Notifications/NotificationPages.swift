import Fluent
import SafeguardCore
import Vapor

/// The page models of `NotificationController`: what each of its templates receives.
extension NotificationController {
    struct Page: Encodable {
        struct Row: Encodable {
            var kind: String
            var overdue: Bool
            var unit: String
            var title: String
            var link: String
            var due: String
            var unread: Bool
        }

        var page: PageContext
        var scopeName: String
        var rows: [Row]
        var unread: Int
    }
}
