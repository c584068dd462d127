import Vapor

/// `safeguard config [--markdown]`: the settings the server runs with (secrets hidden), or the
/// README's table of every variable. A bad value never gets here: start-up already refused it.
struct ConfigCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "markdown", help: "Print the table of every variable, as in the README.")
        var markdown: Bool
    }

    var help: String { "Shows the configuration in force (or, with --markdown, the table of every variable)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard !signature.markdown else {
            context.console.print(Settings.markdownTable)
            return
        }
        let s = context.application.settings
        let lines: [(String, String)] = [
            ("DATABASE_URL", s.databaseURL.map { _ in "(set: PostgreSQL)" } ?? "— (SQLite \(s.sqlitePath))"),
            ("SAFEGUARD_DATA_DIR", s.dataDirectory), ("SAFEGUARD_RESOURCES", s.resourcesDirectory),
            ("SAFEGUARD_DEMO", s.loadsDemoData ? "1" : "0"), ("SAFEGUARD_DUE_SOON_DAYS", String(s.dueSoonDays)),
            ("SAFEGUARD_WARNING_INTERVAL", String(s.warningInterval)), ("SAFEGUARD_PUBLIC_URL", s.publicURL),
            ("SAFEGUARD_SMTP_HOST", s.smtp.map { "\($0.host):\($0.port) (\($0.security.rawValue))" } ?? "—"),
            ("SAFEGUARD_WEBHOOK_URL", s.webhookURL ?? "—"),
            ("SAFEGUARD_MASTER_KEY_FILE", s.masterKeyPath), ("SAFEGUARD_AUDIT_ANCHORS", s.auditAnchorsPath),
            ("SAFEGUARD_TRUSTED_PROXIES", s.trustedProxies.networks.isEmpty ? "none" : "\(s.trustedProxies.networks.count) network(s)"),
            ("SAFEGUARD_SESSION_IDLE_MINUTES", String(s.sessionIdleMinutes)), ("SAFEGUARD_SESSION_MAX_HOURS", String(s.sessionMaxHours)),
            ("SAFEGUARD_TODAY", s.pinnedToday?.description ?? "—"),
            ("LOG_LEVEL", s.logLevel?.rawValue ?? "—"),
        ]
        for (name, value) in lines { context.console.print("\(name.padding(toLength: 28, withPad: " ", startingAt: 0)) \(value)") }
    }
}
