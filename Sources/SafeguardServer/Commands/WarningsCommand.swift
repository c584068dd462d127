import SafeguardCore
import Vapor

/// `safeguard warnings run [--month yyyymm] [--province CODE]`: runs the early-warning detector on
/// the last closed statistical month (or the one given) and prints the alerts.
struct WarningsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "run")
        var action: String
        @Option(name: "month", help: "Statistical month yyyymm (default: the last closed one)")
        var month: Int?
        @Option(name: "province", help: "Province code (default: the current plan's)")
        var province: String?
    }

    var help: String { "Runs the early-warning detector and stores its alerts." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "run" else { throw CommandFailure("warnings: unknown action '\(signature.action)' (use run)") }
        let app = context.application
        try await app.autoMigrate()
        let month: StatisticalMonth
        if let code = signature.month {
            guard let m = StatisticalMonth(code: code) else { throw CommandFailure("warnings: malformed month '\(code)' (yyyymm, e.g. 202603)") }
            month = m
        } else {
            month = EarlyWarningService.lastClosedMonth()
        }
        var code = signature.province
        if code == nil { code = try await PlanRepository(db: app.db).defaultProvince() }
        let provinceCode = code ?? "31"
        guard let province = try await OrgUnit.find(code: provinceCode, on: app.db), province.kind == .province else {
            throw CommandFailure("warnings: unknown province '\(provinceCode)'")
        }
        let alerts = try await EarlyWarningService(db: app.db, watches: app.referenceData.watches).run(province: province, month: month)
        context.console.print("\(month.month)/\(month.year): \(alerts.count) alerts")
        for alert in alerts {
            context.console.print("  \(alert.unitCode) \(alert.watchID): \(alert.observed) (bound \(alert.upperbound.map { String($0) } ?? "—"), \(alert.method))")
        }
    }
}
