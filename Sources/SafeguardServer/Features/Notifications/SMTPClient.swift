import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Vapor

/// Where reminder e-mails go, from the settings: `SAFEGUARD_SMTP_HOST` (no host, no e-mail),
/// `SAFEGUARD_SMTP_PORT` (587), `SAFEGUARD_SMTP_SECURITY` (`starttls`, `tls` for port 465, or `none`
/// — only sensible on loopback), `SAFEGUARD_SMTP_USERNAME` / `SAFEGUARD_SMTP_PASSWORD` (AUTH PLAIN,
/// never sent before TLS unless security is `none`), `SAFEGUARD_SMTP_FROM` (the sender's address),
/// `SAFEGUARD_SMTP_CA_FILE` (a PEM bundle to trust instead of the system's, for a private CA).
struct SMTPConfiguration: Sendable {
    enum Security: String, Sendable { case none, starttls, tls }

    var host: String
    var port: Int
    var security: Security
    var username: String?
    var password: String?
    var from: String
    var caFile: String?
    var timeout: TimeAmount = .seconds(20)

    /// Read with the other settings at start-up (`Settings.fromEnvironment`).
    static func read(_ reader: Settings.Reader) throws(ConfigurationError) -> SMTPConfiguration? {
        guard let host = reader.text("SAFEGUARD_SMTP_HOST") else { return nil }
        let security = try reader.choice("SAFEGUARD_SMTP_SECURITY", ["starttls", "tls", "none"]).flatMap(Security.init(rawValue:)) ?? .starttls
        guard let from = reader.text("SAFEGUARD_SMTP_FROM"), Email.isValidAddress(from) else {
            throw ConfigurationError(variable: "SAFEGUARD_SMTP_FROM", value: reader.text("SAFEGUARD_SMTP_FROM") ?? "",
                                     allowed: "an e-mail address (required when SAFEGUARD_SMTP_HOST is set)")
        }
        let caFile = try reader.text("SAFEGUARD_SMTP_CA_FILE", allowed: "a readable PEM file") { FileManager.default.isReadableFile(atPath: $0) }
        return SMTPConfiguration(
            host: host, port: try reader.integer("SAFEGUARD_SMTP_PORT", in: 1...65_535) ?? (security == .tls ? 465 : 587),
            security: security, username: reader.text("SAFEGUARD_SMTP_USERNAME"), password: reader.text("SAFEGUARD_SMTP_PASSWORD"),
            from: from, caFile: caFile)
    }
}

enum SMTPError: Error, CustomStringConvertible {
    case configuration(String)
    /// The server answered a command with an unexpected code.
    case rejected(command: String, reply: String)
    case connectionClosed
    case invalidAddress(String)

    var description: String {
        switch self {
        case .configuration(let text): "SMTP: \(text)"
        case .rejected(let command, let reply): "SMTP \(command): \(reply)"
        case .connectionClosed: "SMTP: connection closed"
        case .invalidAddress(let address): "SMTP: invalid address «\(address)»"
        }
    }
}

/// A small SMTP client (RFC 5321) over SwiftNIO: EHLO, STARTTLS (RFC 3207) or implicit TLS, AUTH
/// PLAIN (RFC 4954), one message per connection. Reminders are a few dozen messages a day, so a
/// connection per message keeps it simple and robust; every step has the configured timeout.
struct SMTPClient: Sendable {
    let configuration: SMTPConfiguration
    let group: any EventLoopGroup
    /// The messages' `Date:` header.
    let clock: WallClock

    func send(_ email: Email) async throws {
        for address in email.to + [email.fromAddress] where !Email.isValidAddress(address) { throw SMTPError.invalidAddress(address) }
        let c = configuration
        let tls = try c.security == .none ? nil : NIOSSLContext(configuration: {
            var t = TLSConfiguration.makeClientConfiguration()
            if let file = c.caFile { t.trustRoots = .file(file) }
            return t
        }())
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(c.timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if c.security == .tls, let tls {
                        try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: c.host))
                    }
                    try channel.pipeline.syncOperations.addHandler(ReplyHandler())
                }
            }
            .connect(host: c.host, port: c.port).get()
        let handler = try await channel.eventLoop.submit {
            NIOLoopBound(try channel.pipeline.syncOperations.handler(type: ReplyHandler.self), eventLoop: channel.eventLoop)
        }.get()
        let session = Session(channel: channel, handler: handler, timeout: c.timeout)
        do {
            try await session.expect(220, after: nil)
            var features = try await session.expect(250, after: "EHLO safeguard")
            if c.security == .starttls, let tls {
                guard features.lines.contains(where: { $0.uppercased().hasPrefix("STARTTLS") }) else {
                    throw SMTPError.rejected(command: "STARTTLS", reply: "not offered")
                }
                try await session.expect(220, after: "STARTTLS")
                try await channel.eventLoop.submit {
                    try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: c.host), position: .first)
                }.get()
                features = try await session.expect(250, after: "EHLO safeguard")
            }
            if let user = c.username, let password = c.password {
                let token = Data("\u{0}\(user)\u{0}\(password)".utf8).base64EncodedString()
                try await session.expect(235, after: "AUTH PLAIN \(token)", shown: "AUTH PLAIN ***")
            }
            try await session.expect(250, after: "MAIL FROM:<\(email.fromAddress)>")
            for address in email.to { try await session.expect([250, 251], after: "RCPT TO:<\(address)>") }
            try await session.expect(354, after: "DATA")
            // Dot-stuffing (RFC 5321 §4.5.2), then the end-of-data line.
            let text = email.rendered(date: clock.now(), messageID: "\(UUID().uuidString)@safeguard")
                .components(separatedBy: "\r\n").map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n")
            try await session.expect(250, after: text + "\r\n.", shown: "(message)")
            _ = try? await session.expect(221, after: "QUIT")
        } catch {
            try? await channel.close()
            throw error
        }
        try? await channel.close()
    }

    struct Reply: Sendable {
        var code: Int
        var lines: [String]
    }

    /// Writes commands and waits for each reply with the configured timeout.
    private struct Session: Sendable {
        let channel: any Channel
        let handler: NIOLoopBound<ReplyHandler>
        let timeout: TimeAmount

        @discardableResult
        func expect(_ code: Int, after command: String?, shown: String? = nil) async throws -> Reply {
            try await expect([code], after: command, shown: shown)
        }

        @discardableResult
        func expect(_ codes: Set<Int>, after command: String?, shown: String? = nil) async throws -> Reply {
            let handler = self.handler, channel = self.channel, timeout = self.timeout
            let reply = try await channel.eventLoop.flatSubmit { () -> EventLoopFuture<Reply> in
                let future = handler.value.next(on: channel.eventLoop, timeout: timeout)
                if let command { channel.writeAndFlush(ByteBuffer(string: command + "\r\n"), promise: nil) }
                return future
            }.get()
            guard codes.contains(reply.code) else {
                throw SMTPError.rejected(command: shown ?? command?.prefix(40).description ?? "greeting", reply: "\(reply.code) \(reply.lines.joined(separator: " "))")
            }
            return reply
        }
    }

    /// Collects reply lines ("250-…" continues, "250 …" ends a reply) and hands each reply to the
    /// command waiting for it. Runs on the channel's event loop only.
    final class ReplyHandler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer

        private var pending = ""
        private var lines: [String] = []
        private var replies: [Reply] = []
        private var waiting: [EventLoopPromise<Reply>] = []
        private var failure: (any Error)?

        func next(on eventLoop: any EventLoop, timeout: TimeAmount) -> EventLoopFuture<Reply> {
            if !replies.isEmpty { return eventLoop.makeSucceededFuture(replies.removeFirst()) }
            if let failure { return eventLoop.makeFailedFuture(failure) }
            let promise = eventLoop.makePromise(of: Reply.self)
            waiting.append(promise)
            let deadline = eventLoop.scheduleTask(in: timeout) { promise.fail(ChannelError.connectTimeout(timeout)) }
            promise.futureResult.whenComplete { _ in deadline.cancel() }
            return promise.futureResult
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            pending += buffer.readString(length: buffer.readableBytes) ?? ""
            while let end = pending.range(of: "\r\n") {
                let line = String(pending[..<end.lowerBound])
                pending.removeSubrange(..<end.upperBound)
                let code = Int(line.prefix(3)) ?? 0
                let more = line.count > 3 && line[line.index(line.startIndex, offsetBy: 3)] == "-"
                lines.append(String(line.dropFirst(4)))
                if !more {
                    let reply = Reply(code: code, lines: lines)
                    lines = []
                    if waiting.isEmpty { replies.append(reply) } else { waiting.removeFirst().succeed(reply) }
                }
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            fail(SMTPError.connectionClosed)
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            fail(error)
            context.close(promise: nil)
        }

        private func fail(_ error: any Error) {
            failure = failure ?? error
            let promises = waiting
            waiting = []
            for promise in promises { promise.fail(error) }
        }
    }
}
