import Fluent
import SafeguardCore
import Vapor

/// Nhật ký hệ thống: the audit log for those who oversee the system (the system administrator,
/// the standing office, leaders: `AccessPolicy.Action.readAuditLog`) — filtered by account, unit,
/// entity, action and days, each entry opened with its place in the hash chain, and the same
/// selection as CSV or Excel. Reading the log is itself logged: it says who read which records.
struct AuditLogController: RouteCollection {
    /// Enough for a month of a busy city in one file; a larger selection is refused, not cut short.
    static let exportLimit = 100_000
    static let perPage = 50

    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped("admin", "audit")
        admin.get(use: list)
        admin.get("export.csv", use: csv)
        admin.get("export.xlsx", use: xlsx)
        admin.get(":seq", use: show)
    }

    func list(req: Request) async throws -> View {
        try req.authorize(.readAuditLog)
        let filter = try AuditLogQuery(req)
        let total = try await filter.entries(on: req.db)?.count() ?? 0
        let links = try PageLinks(req, total: total, perPage: Self.perPage)
        let entries = try await filter.entries(on: req.db)?.range(links.offset..<(links.offset + Self.perPage)).all() ?? []
        let names = try await units(of: entries, on: req.db)
        try await req.audit("read", "audit-log", key: nil, detail: Self.describe(filter))
        return try await req.page("audit-log/index", Page(
            page: PageContext(req, title: req.t("audit_title")), filter: .init(filter), total: total, pager: links,
            rows: entries.map { Row($0, unit: $0.userID.flatMap { names[$0] }, req) },
            exportQuery: req.url.query.map { "?" + $0 } ?? ""))
    }

    func show(req: Request) async throws -> View {
        try req.authorize(.readAuditLog)
        guard let seq = try req.parameters.get("seq").flatMap(Int.init),
              let entry = try await AuditEntry.query(on: req.db).filter(\.$seq == seq).first() else {
            throw Abort(.notFound, reason: req.t("audit_not_found"))
        }
        let names = try await units(of: [entry], on: req.db)
        let holds = entry.hash == AuditChain.hash(of: entry, seq: seq, previousHash: entry.previousHash ?? "")
        try await req.audit("read", "audit-log", key: String(seq))
        return try await req.page("audit-log/entry", EntryPage(
            page: PageContext(req, title: "\(req.t("audit_entry")) \(seq)"),
            row: Row(entry, unit: entry.userID.flatMap { names[$0] }, req),
            previousHash: entry.previousHash ?? "", hash: entry.hash ?? "", holds: holds))
    }

    func csv(req: Request) async throws -> Response {
        let table = try await export(req)
        let text = "\u{FEFF}" + table.map { CSVWriter.line($0.map { $0.text(req.language) }) }.joined(separator: "\r\n") + "\r\n"
        return Response.attachment(Data(text.utf8), type: "text/csv; charset=utf-8", name: "nhat-ky.csv")
    }

    func xlsx(req: Request) async throws -> Response {
        Response.attachment(try XLSXWriter.workbook(sheetName: req.t("audit_title"), cells: try await export(req)), type: EvidenceKind.xlsx.contentType, name: "nhat-ky.xlsx")
    }

    /// The selection as a table, header first; 422 in words when it is larger than `exportLimit`.
    private func export(_ req: Request) async throws -> [[XLSXCell]] {
        try req.authorize(.readAuditLog)
        let filter = try AuditLogQuery(req)
        guard let query = try await filter.entries(on: req.db) else { return [Self.header(req).map(XLSXCell.text)] }
        let entries = try await query.limit(Self.exportLimit + 1).all()
        guard entries.count <= Self.exportLimit else {
            throw Abort(.unprocessableEntity, reason: req.t("audit_export_too_large").replacingOccurrences(of: "{limit}", with: Formatting.number(Double(Self.exportLimit), req.language)))
        }
        let names = try await units(of: entries, on: req.db)
        try await req.audit("export", "audit-log", key: nil, detail: Self.describe(filter))
        return [Self.header(req).map(XLSXCell.text)] + entries.map { entry in
            let row = Row(entry, unit: entry.userID.flatMap { names[$0] }, req)
            return [.number(row.seq), .instant(entry.at), .text(row.actor), .text(row.unit ?? ""), .text(row.action), .text(row.entity),
                    .text(row.key ?? ""), .text(row.detail ?? ""), .text(row.ip ?? ""), .text(entry.hash ?? "")]
        }
    }

    private static func header(_ req: Request) -> [String] {
        ["audit_seq", "audit_at", "audit_actor", "case_unit", "audit_action", "audit_entity", "audit_key", "audit_detail", "audit_ip", "audit_hash"].map(req.t)
    }

    /// The filters, for the entry that records the reading.
    private static func describe(_ filter: AuditLogQuery) -> String {
        [("user", filter.username), ("unit", filter.unitCode), ("entity", filter.entity), ("action", filter.action),
         ("from", filter.from?.description), ("to", filter.to?.description)]
            .compactMap { name, value in value.map { "\(name)=\($0)" } }.joined(separator: " ")
    }

    /// The unit name of each entry's account.
    private func units(of entries: [AuditEntry], on db: any Database) async throws -> [UUID: String] {
        let ids = Set(entries.compactMap(\.userID))
        guard !ids.isEmpty else { return [:] }
        let users = try await User.query(on: db).filter(\.$id ~~ ids).with(\.$unit).all()
        return Dictionary(uniqueKeysWithValues: users.compactMap { user in user.unit.map { (user.id!, $0.name) } })
    }
}
