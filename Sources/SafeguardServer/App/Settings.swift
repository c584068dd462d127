import Logging
import SafeguardCore
import Vapor

/// Deployment settings: every environment variable the server reads, read once at start-up and
/// checked, so one binary serves laptops and production and a typo stops the server at once with
/// the variable named instead of surfacing days later (an e-mail that never leaves, a schedule that
/// never runs). `Settings.variables` documents them; the README's configuration table is printed
/// from it (`safeguard config --markdown`) and a test keeps the two equal.
public struct Settings: Sendable {
    /// `SAFEGUARD_DATA_DIR`: the SQLite file and uploads.
    public var dataDirectory: String
    /// `DATABASE_URL` (`postgres://…`): PostgreSQL instead of the embedded SQLite file.
    public var databaseURL: String?
    /// `SAFEGUARD_RESOURCES`: views, localisation, data files.
    public var resourcesDirectory: String
    /// `SAFEGUARD_DEMO`: create demo accounts and demo sub-units on first start.
    public var loadsDemoData: Bool
    /// `SAFEGUARD_DEMO_PASSWORD`: the demo accounts' one-time password (else a random one).
    public var demoPassword: String?
    /// `SAFEGUARD_DUE_SOON_DAYS`: unfinished work due within this many days is "sắp đến hạn".
    public var dueSoonDays: Int
    /// `SAFEGUARD_WARNING_INTERVAL`: seconds between the scheduled jobs' runs; 0 turns them off.
    public var warningInterval: Int
    /// `SAFEGUARD_PUBLIC_URL`: the address links in e-mails and webhook messages point to (no trailing slash).
    public var publicURL: String
    /// `SAFEGUARD_SMTP_*`: where notification e-mails go; nil without a host.
    var smtp: SMTPConfiguration?
    /// `SAFEGUARD_WEBHOOK_URL` / `SAFEGUARD_WEBHOOK_SECRET`.
    public var webhookURL: String?
    public var webhookSecret: String?
    /// `LOG_LEVEL`; nil leaves Vapor's default (`--log`, else `info`).
    public var logLevel: Logger.Level?
    /// `SAFEGUARD_MASTER_KEY_FILE`: the master key named by the operator (it must exist); nil for
    /// the default, `master.key` in the data directory, created on first start.
    public var masterKeyFile: String?
    /// `SAFEGUARD_AUDIT_ANCHORS`: the file the scheduled jobs append the audit log's signed head to.
    public var auditAnchorsFile: String?
    /// `SAFEGUARD_TRUSTED_PROXIES`: the load balancers whose `X-Forwarded-For` names the client.
    public var trustedProxies = TrustedProxies.none
    /// `SAFEGUARD_SESSION_IDLE_MINUTES`: a session unused this long ends (ASVS 5.0 V7.3).
    public var sessionIdleMinutes = 30
    /// `SAFEGUARD_SESSION_MAX_HOURS`: a session ends this long after sign-in, however busy.
    public var sessionMaxHours = 12
    /// `SAFEGUARD_SECOND_FACTOR_ROLES`: the roles that must sign in with an authenticator app.
    public var secondFactorRoles = Role.secondFactorRequiredByDefault
    /// `SAFEGUARD_RETENTION`: days each kind of housekeeping data is kept (`RetentionJob`); none by default.
    var retention: [RetentionJob.Kind: Int] = [:]
    /// `SAFEGUARD_TIP_ANSWER_DAYS`: the days a citizen's report not (yet) a crime report has to be
    /// finished — by default the Criminal Procedure Code's 20 days for a denunciation (Art. 147).
    public var tipAnswerDays = 20
    /// `SAFEGUARD_TIP_ESCALATION_HOURS`: a citizen's report unanswered this long shows in the
    /// standing office's queue too (`EscalationRule`).
    public var tipEscalationHours = 48
    /// `SAFEGUARD_TIP_PROOF_BITS`: the proof of work's base difficulty (`ProofOfWork.Policy`); 18 by default.
    public var tipProofBits = ProofOfWork.Policy.standard.base
    /// `SAFEGUARD_TODAY` (`YYYY-MM-DD`): the date the server believes it is (`WallClock.pinned`), for
    /// training rooms and browser tests; unset in production.
    public var pinnedToday: CalendarDate?

    public init(dataDirectory: String, databaseURL: String?, resourcesDirectory: String, loadsDemoData: Bool,
                dueSoonDays: Int = 7, warningInterval: Int = 3600, publicURL: String = "http://127.0.0.1:8080") {
        self.dataDirectory = dataDirectory
        self.databaseURL = databaseURL
        self.resourcesDirectory = resourcesDirectory
        self.loadsDemoData = loadsDemoData
        self.dueSoonDays = dueSoonDays
        self.warningInterval = warningInterval
        self.publicURL = publicURL
    }

    /// Whether users reach the server over HTTPS (`SAFEGUARD_PUBLIC_URL`): cookies are then `Secure`
    /// and browsers are told to use nothing else (HSTS).
    public var isServedOverHTTPS: Bool { publicURL.lowercased().hasPrefix("https://") }

    public var sqlitePath: String { (dataDirectory as NSString).appendingPathComponent("safeguard.sqlite") }
    public var masterKeyPath: String { masterKeyFile ?? (dataDirectory as NSString).appendingPathComponent("master.key") }
    public var auditAnchorsPath: String { auditAnchorsFile ?? (dataDirectory as NSString).appendingPathComponent("audit-anchors.jsonl") }
    public func resource(_ relative: String) -> String { (resourcesDirectory as NSString).appendingPathComponent(relative) }
}

/// A variable with a value the server cannot use: start-up stops with this message.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    public var variable: String
    public var value: String
    public var allowed: String
    public var description: String { "\(variable)=\(value.debugDescription) is not allowed: \(allowed)" }
}

extension Settings {
    /// One documented variable: its name, its default as the README shows it, and what it does
    /// (the allowed values included).
    public struct Variable: Sendable {
        public var name: String
        public var defaultValue: String
        public var meaning: String
    }

    /// Every variable the server reads, in the README's order.
    public static let variables: [Variable] = [
        Variable(name: "DATABASE_URL", defaultValue: "—", meaning: "`postgres://user:pass@host:port/db`: use PostgreSQL (production) instead of SQLite"),
        Variable(name: "SAFEGUARD_DATA_DIR", defaultValue: "`./data`", meaning: "the SQLite file (`safeguard.sqlite`, WAL mode) and, later, uploads"),
        Variable(name: "SAFEGUARD_RESOURCES", defaultValue: "`./Resources`", meaning: "views, localisation, data files, OpenAPI document; must be a folder with `Views/`"),
        Variable(name: "SAFEGUARD_DEMO", defaultValue: "`1`", meaning: "`1`/`true` or `0`/`false`: demo sub-units and demo accounts on first start"),
        Variable(name: "SAFEGUARD_DEMO_PASSWORD", defaultValue: "random", meaning: "the demo accounts' one-time password"),
        Variable(name: "SAFEGUARD_DUE_SOON_DAYS", defaultValue: "`7`", meaning: "0–365: unfinished work due within this many days is \"sắp đến hạn\" on the boards and in the API"),
        Variable(name: "SAFEGUARD_WARNING_INTERVAL", defaultValue: "`3600`", meaning: "0–86400 seconds between the early warning's checks for a newly closed month and the reminders; `0` turns the schedule off"),
        Variable(name: "SAFEGUARD_PUBLIC_URL", defaultValue: "`http://127.0.0.1:8080`", meaning: "an `http(s)://` address links in e-mails and webhook messages point to"),
        Variable(name: "SAFEGUARD_SMTP_HOST", defaultValue: "—", meaning: "set it to e-mail notifications to the users of the unit concerned who have an address (`safeguard user email`)"),
        Variable(name: "SAFEGUARD_SMTP_PORT", defaultValue: "`587` (`465` with `tls`)", meaning: "1–65535"),
        Variable(name: "SAFEGUARD_SMTP_SECURITY", defaultValue: "`starttls`", meaning: "`starttls`, `tls` (implicit, port 465) or `none` (loopback relays only)"),
        Variable(name: "SAFEGUARD_SMTP_USERNAME", defaultValue: "—", meaning: "AUTH PLAIN user, only ever sent over TLS unless security is `none`"),
        Variable(name: "SAFEGUARD_SMTP_PASSWORD", defaultValue: "—", meaning: "AUTH PLAIN password"),
        Variable(name: "SAFEGUARD_SMTP_FROM", defaultValue: "—", meaning: "the sender's e-mail address (required with a host)"),
        Variable(name: "SAFEGUARD_SMTP_CA_FILE", defaultValue: "system roots", meaning: "a readable PEM bundle to trust instead (a private CA)"),
        Variable(name: "SAFEGUARD_WEBHOOK_URL", defaultValue: "—", meaning: "an `http(s)://` address: notifications also go there as a JSON POST (`text` for Mattermost/Slack/Rocket.Chat/Google Chat, and fields for programs)"),
        Variable(name: "SAFEGUARD_WEBHOOK_SECRET", defaultValue: "—", meaning: "signs each POST: `X-Safeguard-Signature: sha256=<hex HMAC-SHA256 of the body>`"),
        Variable(name: "SAFEGUARD_MASTER_KEY_FILE", defaultValue: "`master.key` in the data folder, created on first start",
                 meaning: "the master key (32 bytes in base64; `safeguard keys create FILE`), kept out of the database and its backups; a file named here must exist — give every instance the same one"),
        Variable(name: "SAFEGUARD_AUDIT_ANCHORS", defaultValue: "`audit-anchors.jsonl` in the data folder",
                 meaning: "the scheduled jobs append the audit log's chain head here, signed with a key derived from the master key; keep a copy away from the database (`safeguard audit verify --anchors FILE`)"),
        Variable(name: "SAFEGUARD_TRUSTED_PROXIES", defaultValue: "none",
                 meaning: "comma-separated addresses or networks (`10.0.0.0/8, 127.0.0.1`) of the load balancers in front: only from them is `X-Forwarded-For` believed, read from the right"),
        Variable(name: "SAFEGUARD_SESSION_IDLE_MINUTES", defaultValue: "`30`", meaning: "1–1440: a session unused this long ends"),
        Variable(name: "SAFEGUARD_SESSION_MAX_HOURS", defaultValue: "`12`", meaning: "1–168: a session ends this long after sign-in"),
        Variable(name: "SAFEGUARD_TIP_ANSWER_DAYS", defaultValue: "`20`", meaning: "1–365: days a citizen's report that is not a crime report has to be finished (the Criminal Procedure Code's 20 days by default)"),
        Variable(name: "SAFEGUARD_TIP_ESCALATION_HOURS", defaultValue: "`48`", meaning: "1–720: a citizen's report unanswered this long is flagged to the level above"),
        Variable(name: "SAFEGUARD_TIP_PROOF_BITS", defaultValue: "`18`", meaning: "0–28: the public form's proof-of-work difficulty at rest (about a second on a cheap phone); it rises under a flood"),
        Variable(name: "SAFEGUARD_SECOND_FACTOR_ROLES", defaultValue: "`standing-office,system-admin`",
                 meaning: "comma-separated roles that must sign in with an authenticator app's code (TOTP) besides the password, or `none`; every other account may turn it on"),
        Variable(name: "SAFEGUARD_RETENTION", defaultValue: "none (nothing deleted)",
                 meaning: "`kind=days` pairs (1–3650) separated by commas (`login-attempts=90,sessions=1,pending-imports=1,api-tokens=90`): the scheduled jobs delete what is older (docs/privacy.md)"),
        Variable(name: "SAFEGUARD_TODAY", defaultValue: "today in Việt Nam", meaning: "`YYYY-MM-DD`: the date the server believes it is (training rooms, browser tests); never set it in production"),
        Variable(name: "LOG_LEVEL", defaultValue: "`info`", meaning: "`trace`, `debug`, `info`, `notice`, `warning`, `error` or `critical`"),
    ]

    /// The README's table, printed from `variables`.
    public static var markdownTable: String {
        (["| variable | default | meaning |", "|---|---|---|"] + variables.map { "| `\($0.name)` | \($0.defaultValue) | \($0.meaning) |" })
            .joined(separator: "\n")
    }

    /// Reads and checks every variable (`variables`); the first unusable value is the error.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment,
                                       workingDirectory: String) throws(ConfigurationError) -> Settings {
        let reader = Reader(environment: environment)
        let cwd = workingDirectory.hasSuffix("/") ? workingDirectory : workingDirectory + "/"
        let databaseURL = try reader.text("DATABASE_URL", allowed: "a postgres:// or postgresql:// URL") {
            $0.hasPrefix("postgres://") || $0.hasPrefix("postgresql://")
        }
        var settings = Settings(
            dataDirectory: reader.text("SAFEGUARD_DATA_DIR") ?? cwd + "data",
            databaseURL: databaseURL,
            resourcesDirectory: try reader.text("SAFEGUARD_RESOURCES", allowed: "a folder holding Views/, Localization/ and Data/") {
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent("Views"), isDirectory: &isDirectory) && isDirectory.boolValue
            } ?? cwd + "Resources",
            loadsDemoData: try reader.flag("SAFEGUARD_DEMO") ?? true,
            dueSoonDays: try reader.integer("SAFEGUARD_DUE_SOON_DAYS", in: 0...365) ?? 7,
            warningInterval: try reader.integer("SAFEGUARD_WARNING_INTERVAL", in: 0...86_400) ?? 3600,
            publicURL: (try reader.text("SAFEGUARD_PUBLIC_URL", allowed: "an http:// or https:// address", isWebAddress) ?? "http://127.0.0.1:8080")
                .trimmingCharacters(in: CharacterSet(charactersIn: "/")))
        settings.demoPassword = reader.text("SAFEGUARD_DEMO_PASSWORD")
        settings.smtp = try SMTPConfiguration.read(reader)
        settings.webhookURL = try reader.text("SAFEGUARD_WEBHOOK_URL", allowed: "an http:// or https:// address", isWebAddress)
        settings.webhookSecret = reader.text("SAFEGUARD_WEBHOOK_SECRET")
        settings.logLevel = try reader.choice("LOG_LEVEL", Logger.Level.allCases.map(\.rawValue)).flatMap(Logger.Level.init(rawValue:))
        settings.masterKeyFile = reader.text("SAFEGUARD_MASTER_KEY_FILE")
        settings.auditAnchorsFile = reader.text("SAFEGUARD_AUDIT_ANCHORS")
        let proxies = try reader.text("SAFEGUARD_TRUSTED_PROXIES", allowed: "IPv4 or IPv6 addresses or networks (10.0.0.0/8), separated by commas") {
            TrustedProxies(parsing: $0) != nil
        }
        settings.trustedProxies = proxies.flatMap(TrustedProxies.init(parsing:)) ?? .none
        settings.sessionIdleMinutes = try reader.integer("SAFEGUARD_SESSION_IDLE_MINUTES", in: 1...1440) ?? 30
        settings.sessionMaxHours = try reader.integer("SAFEGUARD_SESSION_MAX_HOURS", in: 1...168) ?? 12
        settings.tipAnswerDays = try reader.integer("SAFEGUARD_TIP_ANSWER_DAYS", in: 1...365) ?? 20
        settings.tipEscalationHours = try reader.integer("SAFEGUARD_TIP_ESCALATION_HOURS", in: 1...720) ?? 48
        settings.tipProofBits = try reader.integer("SAFEGUARD_TIP_PROOF_BITS", in: 0...28) ?? ProofOfWork.Policy.standard.base
        let roles = try reader.text("SAFEGUARD_SECOND_FACTOR_ROLES", allowed: "`none` or role codes separated by commas (\(Role.allCases.map(\.rawValue).joined(separator: ", ")))") {
            $0 == "none" || $0.split(separator: ",").allSatisfy { Role(rawValue: $0.trimmingCharacters(in: .whitespaces)) != nil }
        }
        if let roles { settings.secondFactorRoles = roles == "none" ? [] : Set(roles.split(separator: ",").compactMap { Role(rawValue: $0.trimmingCharacters(in: .whitespaces)) }) }
        let kinds = RetentionJob.Kind.allCases.map(\.rawValue).joined(separator: ", ")
        let retention = try reader.text("SAFEGUARD_RETENTION", allowed: "kind=days pairs separated by commas; kinds: \(kinds); days 1–3650") {
            Self.retention(parsing: $0) != nil
        }
        settings.retention = retention.flatMap(Self.retention(parsing:)) ?? [:]
        settings.pinnedToday = try reader.text("SAFEGUARD_TODAY", allowed: "a date YYYY-MM-DD between 1900 and 2100") {
            CalendarDate(iso: $0) != nil
        }.flatMap(CalendarDate.init(iso:))
        return settings
    }

    static func retention(parsing text: String) -> [RetentionJob.Kind: Int]? {
        var rules: [RetentionJob.Kind: Int] = [:]
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let kind = RetentionJob.Kind(rawValue: parts[0]), parts[1].allSatisfy(\.isASCII),
                  let days = Int(parts[1]), (1...3650).contains(days), rules[kind] == nil else { return nil }
            rules[kind] = days
        }
        return rules.isEmpty ? nil : rules
    }

    private static func isWebAddress(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), url.host?.isEmpty == false else { return false }
        return scheme == "http" || scheme == "https"
    }

    /// Reads one variable at a time; an empty value counts as unset.
    struct Reader {
        var environment: [String: String]

        func text(_ name: String) -> String? {
            environment[name].flatMap { $0.isEmpty ? nil : $0 }
        }

        func text(_ name: String, allowed: String, _ isValid: (String) -> Bool) throws(ConfigurationError) -> String? {
            guard let value = text(name) else { return nil }
            guard isValid(value) else { throw ConfigurationError(variable: name, value: value, allowed: allowed) }
            return value
        }

        func integer(_ name: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
            try text(name, allowed: "a whole number from \(range.lowerBound) to \(range.upperBound)") {
                $0.allSatisfy(\.isASCII) && Int($0).map(range.contains) == true
            }.flatMap { Int($0) }
        }

        func choice(_ name: String, _ values: [String]) throws(ConfigurationError) -> String? {
            try text(name, allowed: values.joined(separator: ", ")) { values.contains($0) }
        }

        func flag(_ name: String) throws(ConfigurationError) -> Bool? {
            try choice(name, ["1", "0", "true", "false"]).map { $0 == "1" || $0 == "true" }
        }
    }
}

extension Application {
    private struct SettingsKey: StorageKey { typealias Value = Settings }

    public var settings: Settings {
        get {
            guard let settings = storage[SettingsKey.self] else { fatalError("configure(_:settings:) was not called") }
            return settings
        }
        set { storage[SettingsKey.self] = newValue }
    }
}
