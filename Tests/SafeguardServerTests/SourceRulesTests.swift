import Foundation
import Testing
@testable import SafeguardServer

/// Rules about the server's sources that the compiler cannot enforce: the wall clock is read in one
/// file (`App/WallClock.swift`), the environment in one (`App/Settings.swift`), and which rows a user
/// may see is decided in one (`Platform/Scope/Scope.swift`).
@Suite struct SourceRulesTests {
    static let serverSources = TestDatabase.packageRoot + "/Sources/SafeguardServer"

    /// Each `.swift` file under the server with the lines matching `pattern`, except in `allowed`.
    static func lines(matching pattern: String, except allowed: Set<String>) throws -> [String] {
        let regex = try NSRegularExpression(pattern: pattern)
        var found: [String] = []
        for file in try FileManager.default.subpathsOfDirectory(atPath: serverSources).sorted() where file.hasSuffix(".swift") && !allowed.contains(file) {
            let text = try String(contentsOfFile: serverSources + "/" + file, encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = String(line)
                if regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil { found.append("\(file):\(number + 1): \(line)") }
            }
        }
        return found
    }

    @Test func theClockIsReadInOnePlace() throws {
        let reads = try Self.lines(matching: #"\bDate\(\)|Date\.now\b|Date\(timeIntervalSinceNow|NSDate\(\)"#, except: ["App/WallClock.swift"])
        #expect(reads.isEmpty, "read the time from app.clock / req.now / req.today:\n\(reads.joined(separator: "\n"))")
    }

    @Test func theEnvironmentIsReadInOnePlace() throws {
        let reads = try Self.lines(matching: #"Environment\.get\(|processInfo\.environment|getenv\("#, except: ["App/Settings.swift"])
        #expect(reads.isEmpty, "add the variable to Settings instead:\n\(reads.joined(separator: "\n"))")
    }

    @Test func auditEntriesAreOnlyAppended() throws {
        // `AuditEntry(…)` followed by anything but `.append(on:)` would write around the hash chain.
        let call = try NSRegularExpression(pattern: #"AuditEntry\((?:[^()]|\((?:[^()]|\([^()]*\))*\))+\)\s*\.\s*(\w+)"#)
        let constructor = try NSRegularExpression(pattern: #"AuditEntry\(\s*at:"#)
        var wrong: [String] = []
        var constructed = 0, matched = 0
        for file in try FileManager.default.subpathsOfDirectory(atPath: Self.serverSources).sorted() where file.hasSuffix(".swift") {
            let text = try String(contentsOfFile: Self.serverSources + "/" + file, encoding: .utf8)
            constructed += constructor.numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text))
            for match in call.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                matched += 1
                let method = String(text[Range(match.range(at: 1), in: text)!])
                if method != "append" { wrong.append("\(file): AuditEntry(…).\(method)") }
            }
        }
        #expect(wrong.isEmpty, "add audit entries with `.append(on:)` (AuditChain):\n\(wrong.joined(separator: "\n"))")
        // And the pattern does see the calls: every entry constructed in the sources.
        #expect(matched == constructed && constructed > 0, "the pattern found \(matched) of \(constructed) AuditEntry(at:…) calls")
    }

    @Test func theScopeRuleIsWrittenOnce() throws {
        // The benchmark's floor is hand-written SQL on purpose: an independent computation to compare with.
        let rules = try Self.lines(matching: #"unit_path LIKE|[^_]path LIKE|province_code = \\\(bind|\.\$unitPath =~|\.\$path =~|\.\$provinceCode == [a-z]+\.provinceCode\)$"#,
                                   except: ["Platform/Scope/Scope.swift", "Commands/BenchCommand.swift"])
        #expect(rules.isEmpty, "ask Scope (Platform/Scope/Scope.swift) instead:\n\(rules.joined(separator: "\n"))")
    }

    @Test func theReadmeTableIsTheSettingsDocumentation() throws {
        let readme = try String(contentsOfFile: TestDatabase.packageRoot + "/README.md", encoding: .utf8)
        #expect(readme.contains(Settings.markdownTable), "paste `safeguard config --markdown` into README.md")
        // Every variable the settings read is documented.
        let read = try Set(Self.lines(matching: #""(SAFEGUARD_[A-Z_]+|DATABASE_URL|LOG_LEVEL)""#, except: []).flatMap { line in
            try NSRegularExpression(pattern: #""((SAFEGUARD_[A-Z_]+)|DATABASE_URL|LOG_LEVEL)""#).matches(in: line, range: NSRange(line.startIndex..., in: line))
                .map { String(line[Range($0.range(at: 1), in: line)!]) }
        })
        #expect(read.subtracting(Settings.variables.map(\.name)).isEmpty, "undocumented: \(read.subtracting(Settings.variables.map(\.name)).sorted())")
    }
}

/// Start-up refuses a value it cannot use, naming the variable and what is allowed.
@Suite struct SettingsTests {
    static func read(_ environment: [String: String]) throws(ConfigurationError) -> Settings {
        try Settings.fromEnvironment(environment, workingDirectory: TestDatabase.packageRoot)
    }

    @Test func defaultsNeedNoVariables() throws {
        let settings = try Self.read([:])
        #expect(settings.databaseURL == nil && settings.loadsDemoData && settings.dueSoonDays == 7 && settings.warningInterval == 3600)
        #expect(settings.publicURL == "http://127.0.0.1:8080" && settings.smtp == nil && settings.webhookURL == nil && settings.pinnedToday == nil)
        #expect(settings.resourcesDirectory == TestDatabase.packageRoot + "/Resources")
        #expect(settings.trustedProxies == .none && settings.sessionIdleMinutes == 30 && settings.sessionMaxHours == 12 && !settings.isServedOverHTTPS)
    }

    @Test func valuesAreRead() throws {
        let settings = try Self.read([
            "DATABASE_URL": "postgres://u:p@db:5432/safeguard", "SAFEGUARD_DEMO": "0", "SAFEGUARD_DUE_SOON_DAYS": "3",
            "SAFEGUARD_WARNING_INTERVAL": "0", "SAFEGUARD_PUBLIC_URL": "https://an-ninh.example/", "SAFEGUARD_SMTP_HOST": "mail",
            "SAFEGUARD_SMTP_SECURITY": "tls", "SAFEGUARD_SMTP_FROM": "nhacviec@an-ninh.example", "SAFEGUARD_TODAY": "2026-11-20",
            "LOG_LEVEL": "debug", "SAFEGUARD_WEBHOOK_URL": "https://chat.example/hook",
            "SAFEGUARD_TRUSTED_PROXIES": "10.0.0.0/8, ::1", "SAFEGUARD_SESSION_IDLE_MINUTES": "15", "SAFEGUARD_SESSION_MAX_HOURS": "8",
        ])
        #expect(settings.databaseURL == "postgres://u:p@db:5432/safeguard" && !settings.loadsDemoData && settings.dueSoonDays == 3)
        #expect(settings.warningInterval == 0 && settings.publicURL == "https://an-ninh.example" && settings.logLevel == .debug)
        #expect(settings.smtp?.port == 465 && settings.smtp?.security == .tls && settings.pinnedToday?.description == "2026-11-20")
        #expect(settings.webhookURL == "https://chat.example/hook" && settings.isServedOverHTTPS)
        #expect(settings.trustedProxies.contains("10.9.8.7") && settings.trustedProxies.contains("::1") && !settings.trustedProxies.contains("192.168.0.1"))
        #expect(settings.sessionIdleMinutes == 15 && settings.sessionMaxHours == 8)
    }

    @Test(arguments: [
        ("SAFEGUARD_DUE_SOON_DAYS", "seven"), ("SAFEGUARD_DUE_SOON_DAYS", "-1"), ("SAFEGUARD_DUE_SOON_DAYS", "99999999999999999999"),
        ("SAFEGUARD_WARNING_INTERVAL", "1h"), ("SAFEGUARD_DEMO", "yes"), ("LOG_LEVEL", "verbose"), ("DATABASE_URL", "mysql://x"),
        ("SAFEGUARD_PUBLIC_URL", "an-ninh.example"), ("SAFEGUARD_WEBHOOK_URL", "ftp://x"), ("SAFEGUARD_TODAY", "04/12/2026"),
        ("SAFEGUARD_RESOURCES", "/nonexistent"), ("SAFEGUARD_SMTP_FROM", "not an address"),
        ("SAFEGUARD_TRUSTED_PROXIES", "balancer.internal"), ("SAFEGUARD_TRUSTED_PROXIES", "10.0.0.0/40"),
        ("SAFEGUARD_SESSION_IDLE_MINUTES", "0"), ("SAFEGUARD_SESSION_MAX_HOURS", "200"),
    ])
    func aBadValueNamesTheVariable(variable: String, value: String) throws {
        var environment = [variable: value]
        if variable == "SAFEGUARD_SMTP_FROM" { environment["SAFEGUARD_SMTP_HOST"] = "mail" }
        #expect(throws: ConfigurationError.self) { try Self.read(environment) }
        do {
            _ = try Self.read(environment)
        } catch {
            #expect(error.variable == variable && error.value == value && !error.allowed.isEmpty)
            #expect(error.description.hasPrefix("\(variable)="))
        }
    }

    @Test func smtpNeedsASender() {
        #expect(throws: ConfigurationError(variable: "SAFEGUARD_SMTP_FROM", value: "", allowed: "an e-mail address (required when SAFEGUARD_SMTP_HOST is set)")) {
            try Self.read(["SAFEGUARD_SMTP_HOST": "mail"])
        }
    }
}
