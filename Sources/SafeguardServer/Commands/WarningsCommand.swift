import SafeguardCore
import Vapor

/// `safeguard warnings run [--month yyyymm | --week yyyy-mm-dd] [--province CODE]`: runs the
/// early-warning detector on the last closed statistical month and week (or the one given) and
/// prints the alerts.
struct WarningsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "run")
        var action: String
        @Option(name: "month", help: "Statistical month yyyymm")
        var month: Int?
        @Option(name: "week", help: "A day of the ISO week, yyyy-mm-dd")
        var week: String?
        @Option(name: "province", help: "Province code (default: the current plan's)")
        var province: String?
    }

    var help: String { "Runs the early-warning detector and stores its alerts." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "run" else { throw CommandFailure("warnings: unknown action '\(signature.action)' (use run)") }
        let app = context.application
        try await app.autoMigrate()
        var runs: [(SeriesFrequency, Int)] = []
        if let code = signature.month {
            guard StatisticalMonth(code: code) != nil else { throw CommandFailure("warnings: malformed month '\(code)' (yyyymm, e.g. 202603)") }
            runs.append((.month, code))
        }
        if let text = signature.week {
            guard let day = CalendarDate(iso: text) else { throw CommandFailure("warnings: malformed week '\(text)' (a date yyyy-mm-dd)") }
            runs.append((.week, StatisticalWeek(containing: day).mondayDayNumber))
        }
        if runs.isEmpty { runs = SeriesFrequency.allCases.map { ($0, $0.lastClosed()) } }
        var code = signature.province
        if code == nil { code = try await PlanRepository(db: app.db).defaultProvince() }
        let provinceCode = code ?? "31"
        guard let province = try await OrgUnit.find(code: provinceCode, on: app.db), province.kind == .province else {
            throw CommandFailure("warnings: unknown province '\(provinceCode)'")
        }
        let service = EarlyWarningService(db: app.db, watches: app.referenceData.watches)
        for (frequency, period) in runs {
            let alerts = try await service.run(province: province, frequency: frequency, period: period)
            context.console.print("\(frequency.rawValue) \(frequency.alertPeriod(period)): \(alerts.count) alerts")
            for alert in alerts {
                context.console.print("  \(alert.unitCode) \(alert.watchID): \(alert.observed) (bound \(alert.upperbound.map { String($0) } ?? "—"), \(alert.method))")
            }
        }
    }
}
