import Foundation
import SafeguardCore
import Vapor

/// The page models of `AuditLogController`.
extension AuditLogController {
    /// One entry as the page, the entry page and the exports show it.
    struct Row: Encodable {
        var seq: Int
        var at: String
        var actor: String
        var unit: String?
        var action: String
        var entity: String
        var key: String?
        var detail: String?
        var ip: String?

        init(_ entry: AuditEntry, unit: String?, _ req: Request) {
            seq = entry.seq ?? 0
            at = Formatting.instant(entry.at, req.language)
            actor = entry.actor
            self.unit = unit
            action = entry.action
            entity = entry.entity
            key = entry.entityKey
            detail = entry.detail
            ip = entry.ip
        }
    }

    /// The filter form, as the user filled it.
    struct Filter: Encodable {
        var user: String
        var unit: String
        var entity: String
        var action: String
        var from: String
        var to: String

        init(_ query: AuditLogQuery) {
            user = query.username ?? ""
            unit = query.unitCode ?? ""
            entity = query.entity ?? ""
            action = query.action ?? ""
            from = query.from?.description ?? ""
            to = query.to?.description ?? ""
        }
    }

    struct Page: Encodable {
        var page: PageContext
        var filter: Filter
        var total: Int
        var pager: PageLinks
        var rows: [Row]
        /// The filters again, for the export links (`?user=…`).
        var exportQuery: String
    }

    struct EntryPage: Encodable {
        var page: PageContext
        var row: Row
        var previousHash: String
        var hash: String
        /// Whether the entry's content still gives its hash (the whole chain: `safeguard audit verify`).
        var holds: Bool
    }
}
