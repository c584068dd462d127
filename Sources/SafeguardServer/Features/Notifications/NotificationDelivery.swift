import Fluent
import SafeguardCore
import SQLKit
import Vapor

/// One notification as it goes out: the words (in Vietnamese, the users' language) and who it is for.
/// Encoded (without the e-mail subject, keys in snake_case) it is the webhook's JSON body.
struct OutgoingNotice: Sendable, Encodable {
    var kind: String
    var unitCode: String
    var unitName: String
    /// For a task notice; a report notice has none.
    var assignmentID: UUID?
    var title: String
    var dueOn: String
    var responsible: String
    /// The assignment's page, where the unit reports progress.
    var link: String
    var subject: String
    var text: String

    enum CodingKeys: String, CodingKey { case kind, unitCode, unitName, assignmentID = "assignmentId", title, dueOn, responsible, link, text }
}

/// A way out for notices (e-mail, a chat webhook). Tests can swap one in; the product's are
/// `EmailChannel` and `WebhookChannel`.
protocol NoticeChannel: Sendable {
    var name: String { get }
    func deliver(_ notice: OutgoingNotice, on db: any Database) async throws
}

/// Gửi thông báo ra ngoài: every new in-app notification (reminders, returned parts) also goes out
/// through the configured channels. The notifications table is the outbox: an instance claims a
/// notification with one conditional UPDATE (so with several instances exactly one sends it; a
/// claim older than `staleAfter` is taken over), sends, and records the delivery or the error; a
/// failed one is tried again on the next run, up to `maximumAttempts`. Only notifications of the
/// last two days are sent, so turning e-mail on does not mail a year of history.
struct NotificationDelivery: Sendable {
    let db: any Database
    let channels: [any NoticeChannel]
    let localizer: Localizer
    let publicURL: String
    var staleAfter = 600
    static let maximumAttempts = 5

    /// Sends what is pending; returns how many notifications this run delivered.
    @discardableResult
    func deliverPending(now: Date, logger: Logger? = nil) async throws -> Int {
        guard !channels.isEmpty else { return 0 }
        let seconds = Int(now.timeIntervalSince1970)
        let candidates = try await Notification.query(on: db).filter(\.$deliveredAt == nil)
            .filter(\.$deliveryAttempts < Self.maximumAttempts).filter(\.$createdAt >= now.addingTimeInterval(-2 * 86_400))
            .with(\.$assignment).sort(\.$createdAt).limit(500).all()
        var delivered = 0
        for notification in candidates {
            let id = try notification.requireID()
            let claimed = try await (db as! any SQLDatabase).raw("""
                UPDATE notifications SET delivery_claimed_at = \(bind: seconds), delivery_attempts = delivery_attempts + 1
                WHERE id = \(bind: id) AND delivered_at IS NULL AND (delivery_claimed_at IS NULL OR delivery_claimed_at < \(bind: seconds - staleAfter))
                RETURNING delivery_attempts
                """).all()
            guard !claimed.isEmpty else { continue }  // another instance has it
            let notice = try await self.notice(notification)
            var errors: [String] = []
            for channel in channels {
                do { try await channel.deliver(notice, on: db) } catch {
                    errors.append("\(channel.name): \(error)")
                    logger?.warning("notification \(id) via \(channel.name): \(error)")
                }
            }
            notification.deliveryClaimedAt = seconds
            notification.deliveryAttempts = (try? claimed[0].decode(column: "delivery_attempts", as: Int.self)) ?? notification.deliveryAttempts + 1
            if errors.isEmpty {
                notification.deliveredAt = Int(now.timeIntervalSince1970)
                notification.deliveryError = nil
                delivered += 1
            } else {
                notification.deliveryError = String(errors.joined(separator: "; ").prefix(1000))
                notification.deliveryClaimedAt = nil  // free for the next run
            }
            try await notification.update(on: db)
        }
        return delivered
    }

    /// The words of a notification, from the same strings the notification centre shows.
    func notice(_ n: Notification) async throws -> OutgoingNotice {
        let unit = try await OrgUnit.find(code: n.unitCode, on: db)?.name ?? n.unitCode
        func t(_ key: String) -> String { localizer.string(key, .vi) }
        let kind = t("notifications_\(n.kind)")
        let due = CalendarDate(iso: n.dueOn)?.vietnamese ?? n.dueOn
        let link = publicURL + n.link
        let responsible = n.assignment?.responsible
        let text = [
            "\(kind): \(n.subject)",
            "\(t("case_unit")): \(unit)",
            "\(t(n.formCode == nil ? "task_due" : "report_deadline")): \(due)",
        ] + (responsible.map { ["\(t("task_responsible")): \($0)"] } ?? []) + ["\(t("notifications_open")): \(link)"]
        return OutgoingNotice(kind: n.kind, unitCode: n.unitCode, unitName: unit, assignmentID: n.$assignment.id, title: n.subject,
                              dueOn: n.dueOn, responsible: responsible ?? "", link: link,
                              subject: "[\(t("app_name"))] \(kind): \(n.subject.prefix(80))", text: text.joined(separator: "\n"))
    }
}

/// E-mail to the active users of the notification's unit who gave an address.
struct EmailChannel: NoticeChannel {
    let client: SMTPClient
    var name: String { "e-mail" }

    func deliver(_ notice: OutgoingNotice, on db: any Database) async throws {
        let recipients = try await User.query(on: db).join(OrgUnit.self, on: \User.$unit.$id == \OrgUnit.$id)
            .filter(OrgUnit.self, \.$code == notice.unitCode).filter(\.$isActive == true).filter(\.$email != nil).all()
            .compactMap(\.email).filter(Email.isValidAddress)
        guard !recipients.isEmpty else { return }
        try await client.send(Email(fromName: "Safeguard", fromAddress: client.configuration.from, to: recipients.sorted(),
                                    subject: notice.subject, body: notice.text))
    }
}

/// A JSON POST for chat integrations: `text` is what Mattermost, Slack, Rocket.Chat and Google Chat
/// show; the other fields are for programs. With a secret, the body is signed with HMAC-SHA256 in
/// `X-Safeguard-Signature: sha256=<hex>` so the receiver can check it came from here.
/// `SAFEGUARD_WEBHOOK_URL`, `SAFEGUARD_WEBHOOK_SECRET`.
struct WebhookChannel: NoticeChannel {
    let client: any Client
    let url: URI
    let secret: String?
    var name: String { "webhook" }

    static func signature(_ body: Data, secret: String) -> String {
        "sha256=" + HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8))).hex
    }

    func deliver(_ notice: OutgoingNotice, on db: any Database) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let body = try encoder.encode(notice)
        var headers = HTTPHeaders([("Content-Type", "application/json; charset=utf-8"), ("User-Agent", "Safeguard")])
        if let secret { headers.add(name: "X-Safeguard-Signature", value: Self.signature(body, secret: secret)) }
        let response = try await client.post(url, headers: headers) { $0.body = ByteBuffer(data: body) }
        guard (200..<300).contains(response.status.code) else { throw Abort(.badGateway, reason: "webhook answered \(response.status.code)") }
    }
}

extension Application {
    /// The channels configured in the environment (none: notifications stay in the app).
    func noticeChannels() throws -> [any NoticeChannel] {
        var channels: [any NoticeChannel] = []
        if let smtp = settings.smtp {
            channels.append(EmailChannel(client: SMTPClient(configuration: smtp, group: eventLoopGroup, clock: clock)))
        }
        if let url = settings.webhookURL {
            channels.append(WebhookChannel(client: client, url: URI(string: url), secret: settings.webhookSecret))
        }
        return channels
    }

    /// `SAFEGUARD_PUBLIC_URL`: the address links in e-mails point to.
    var publicURL: String { settings.publicURL }

    func notificationDelivery() throws -> NotificationDelivery {
        NotificationDelivery(db: db, channels: try noticeChannels(), localizer: localizer, publicURL: publicURL)
    }

    /// Sends what is pending now, in the background, rather than at the next scheduled run: a unit
    /// hears at once that something came back to it (claims keep each notice single).
    func deliverNoticesSoon() {
        let app = self
        Task { try? await app.notificationDelivery().deliverPending(now: app.clock.now(), logger: app.logger) }
    }
}
