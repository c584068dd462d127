import Crypto
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import SafeguardCore
@testable import SafeguardServer

/// A real SMTP server (aiosmtpd, requiring STARTTLS and AUTH PLAIN, with its own self-signed
/// certificate) and a webhook receiver on loopback, run by `scripts/notify-sinks.py`; what they
/// receive is read back from their JSON lines files.
final class NotificationSinks: @unchecked Sendable {
    let folder: URL
    let smtpPort: Int
    let webhookPort: Int
    let caFile: String
    private let process: Process
    private let input: Pipe

    static let username = "safeguard", password = "sink-password"

    init() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("safeguard-sinks-\(UUID().uuidString)")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appendingPathComponent("scripts/notify-sinks.py").path, folder.path, Self.username, Self.password]
        input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let line = output.fileHandleForReading.availableLine()
        struct Ports: Decodable { var smtp: Int; var webhook: Int; var ca: String }
        guard let data = line?.data(using: .utf8), let ports = try? JSONDecoder().decode(Ports.self, from: data) else {
            process.terminate()
            throw Abort(.internalServerError, reason: "scripts/notify-sinks.py did not start (python3 with aiosmtpd and openssl are needed: scripts/install-test-deps.sh)")
        }
        smtpPort = ports.smtp
        webhookPort = ports.webhook
        caFile = ports.ca
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }

    /// The records a sink has written so far.
    func received(_ name: String) -> [[String: Any]] {
        guard let text = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    func smtp(_ app: Application) -> SMTPClient {
        SMTPClient(configuration: SMTPConfiguration(host: "localhost", port: smtpPort, security: .starttls, username: Self.username,
                                                    password: Self.password, from: "nhacviec@safeguard.example", caFile: caFile),
                   group: app.eventLoopGroup, clock: app.clock)
    }
}

extension FileHandle {
    /// One line from a pipe, read byte by byte (the sinks print one line, then stay silent).
    fileprivate func availableLine() -> String? {
        var bytes: [UInt8] = []
        while let byte = try? read(upToCount: 1), let b = byte.first {
            if b == 10 { break }
            bytes.append(b)
        }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }
}

extension ServerTests {
    /// Reminders go out by e-mail (over STARTTLS with AUTH to a real SMTP server) to the users of the
    /// assignment's unit who gave an address, and to a signed webhook; once each, even with two
    /// instances delivering at the same moment; a failing channel is recorded and tried again.
    @Suite struct NotificationDeliveryTests {
        @Test func remindersGoOutByEmailAndWebhookOnce() async throws {
            let sinks = try NotificationSinks()
            defer { sinks.stop() }
            try await withSafeguardApp { app in
                try await Fixtures.assign(app, unit: "11311", title: "Báo cáo công tác tháng 11", due: -1)
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                try await app.createUser("hb2", role: .communeOfficer, unit: "11311")
                try await app.createUser("tn", role: .communeOfficer, unit: "11560")
                for (name, address) in [("hb", "can.bo@hongbang.example"), ("tn", "can.bo@thuynguyen.example")] {
                    let user = try #require(try await User.find(username: name, on: app.db))
                    user.email = address
                    try await user.update(on: app.db)
                }
                #expect(try await ReminderService(db: app.db, days: 7).runTasks(today: TestCalendar.today) == 1)

                let webhook = WebhookChannel(client: app.client, url: URI(string: "http://127.0.0.1:\(sinks.webhookPort)/hooks/799"), secret: "bí mật")
                let delivery = NotificationDelivery(db: app.db, channels: [EmailChannel(client: sinks.smtp(app)), webhook],
                                                    localizer: app.localizer, publicURL: "https://safeguard.example")
                // Two instances at once: one claims the notification, the other finds it taken.
                async let first = delivery.deliverPending(now: app.clock.now())
                async let second = delivery.deliverPending(now: app.clock.now())
                #expect(try await first + second == 1)
                #expect(try await delivery.deliverPending(now: app.clock.now()) == 0)

                let mails = sinks.received("mail.jsonl")
                #expect(mails.count == 1)
                let mail = try #require(mails.first)
                #expect(mail["to"] as? [String] == ["can.bo@hongbang.example"])
                #expect(mail["tls"] as? Bool == true && mail["authenticated"] as? Bool == true)
                let data = try #require(mail["data"] as? String)
                #expect(data.contains("Subject: =?UTF-8?B?") && data.contains("Content-Transfer-Encoding: base64"))
                let body = try #require(data.components(separatedBy: "\r\n\r\n").dropFirst().first ?? data.components(separatedBy: "\n\n").dropFirst().first)
                let text = String(decoding: Data(base64Encoded: body.components(separatedBy: .newlines).joined()) ?? Data(), as: UTF8.self)
                #expect(text.contains("Quá hạn: Báo cáo công tác tháng 11") && text.contains("Phường Hồng Bàng"))
                let assignment = try #require(try await Assignment.query(on: app.db).first())
                #expect(text.contains("https://safeguard.example/tasks/\(try assignment.requireID().uuidString)"))

                let posts = sinks.received("webhook.jsonl")
                #expect(posts.count == 1)
                let post = try #require(posts.first)
                let headers = try #require(post["headers"] as? [String: String])
                let raw = try #require(post["body"] as? String)
                #expect(post["path"] as? String == "/hooks/799")
                #expect(headers["X-Safeguard-Signature"] == WebhookChannel.signature(Data(raw.utf8), secret: "bí mật"))
                let json = try #require(try JSONSerialization.jsonObject(with: Data(raw.utf8)) as? [String: Any])
                #expect(json["kind"] as? String == "overdue" && json["unit_code"] as? String == "11311")
                #expect((json["text"] as? String)?.hasPrefix("Quá hạn: Báo cáo công tác tháng 11") == true)

                let stored = try #require(try await Notification.query(on: app.db).first())
                #expect(stored.deliveredAt != nil && stored.deliveryAttempts == 1 && stored.deliveryError == nil)
            }
        }

        @Test func aFailingChannelIsRecordedAndTriedAgain() async throws {
            let sinks = try NotificationSinks()
            defer { sinks.stop() }
            try await withSafeguardApp { app in
                try await Fixtures.assign(app, unit: "11311", title: "Rà soát người nghiện", due: 2)
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                let user = try #require(try await User.find(username: "hb", on: app.db))
                user.email = "can.bo@hongbang.example"
                try await user.update(on: app.db)
                #expect(try await ReminderService(db: app.db, days: 7).runTasks(today: TestCalendar.today) == 1)

                // A wrong password: the server refuses AUTH, nothing is sent, the error is kept.
                var wrong = sinks.smtp(app).configuration
                wrong.password = "sai mật khẩu"
                let failing = NotificationDelivery(db: app.db, channels: [EmailChannel(client: SMTPClient(configuration: wrong, group: app.eventLoopGroup, clock: app.clock))],
                                                   localizer: app.localizer, publicURL: "https://safeguard.example")
                #expect(try await failing.deliverPending(now: app.clock.now()) == 0)
                var stored = try #require(try await Notification.query(on: app.db).first())
                #expect(stored.deliveredAt == nil && stored.deliveryAttempts == 1)
                #expect(stored.deliveryError?.contains("AUTH PLAIN ***") == true && stored.deliveryError?.contains("sink-password") == false)
                #expect(sinks.received("mail.jsonl").isEmpty)

                // Fixed: the next run sends it.
                let working = NotificationDelivery(db: app.db, channels: [EmailChannel(client: sinks.smtp(app))],
                                                   localizer: app.localizer, publicURL: "https://safeguard.example")
                #expect(try await working.deliverPending(now: app.clock.now()) == 1)
                stored = try #require(try await Notification.query(on: app.db).first())
                #expect(stored.deliveredAt != nil && stored.deliveryAttempts == 2 && stored.deliveryError == nil)
                #expect(sinks.received("mail.jsonl").count == 1)
                let mail = try #require(sinks.received("mail.jsonl").first?["data"] as? String)
                #expect(mail.contains("Subject: =?UTF-8?B?"))
            }
        }

        @Test func addressesThatCouldInjectAreRefused() {
            #expect(Email.isValidAddress("can.bo@hongbang.example"))
            for bad in ["", "no-at-sign", "a@b", "x@y.example\r\nRCPT TO:<z@z.example>", "tên@việt.example", "a b@c.example", "<a@b.example>"] {
                #expect(!Email.isValidAddress(bad), "\(bad)")
            }
        }
    }
}
