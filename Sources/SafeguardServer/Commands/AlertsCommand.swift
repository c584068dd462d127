import Fluent
import Foundation
import SafeguardCore
import Vapor

/// `safeguard alerts [--state S] [--unit CODE] [--json]` lists the stored early-warning alerts;
/// `safeguard alerts run [--period P] [--province CODE]` runs the detector on a closed statistical
/// month or ISO week (default: the last closed of each) and stores what it raises.
///
/// Not a command group: a group takes `alerts --json` for an unknown sub-command, and listing is
/// what `alerts` alone should do.
struct AlertsCommand: AnyAsyncCommand {
    var help: String { "Lists early-warning alerts (alerts [--state S] [--unit CODE] [--json]), or runs the detector (alerts run [--period P])." }

    func run(using context: inout CommandContext) async throws {
        if context.input.arguments.first == "run" {
            context.input.arguments.removeFirst()
            try await AlertsRunCommand().run(using: &context)
        } else {
            if context.input.arguments.first == "list" { context.input.arguments.removeFirst() }
            try await AlertsListCommand().run(using: &context)
        }
    }

    func outputHelp(using context: inout CommandContext) throws {
        context.console.output(help.consoleText())
        try AlertsListCommand().outputHelp(using: &context)
        context.console.output("alerts run:".consoleText())
        try AlertsRunCommand().outputHelp(using: &context)
    }
}

/// The province a command works on: the one given, else the current plan's.
private func province(_ code: String?, on db: any Database) async throws -> OrgUnit {
    guard let provinceCode = try await PlanRepository(db: db).unitCode(code) else { throw CommandFailure("alerts: no plan is loaded; name the province with --province") }
    guard let province = try await OrgUnit.find(code: provinceCode, on: db), province.kind == .province else {
        throw CommandFailure("alerts: unknown province '\(provinceCode)'")
    }
    return province
}

struct AlertsRunCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "period", help: "A statistical month (2026-M03 or 202603) or an ISO week (2026-W11, or any day of it as yyyy-mm-dd)")
        var period: String?
        @Option(name: "province", help: "Province code (default: the current plan's)")
        var province: String?
    }

    var help: String { "Runs the early-warning detector on a closed period and stores its alerts." }

    /// The frequency and series period (a month code, or a week's Monday day number) a `--period` names.
    static func period(_ text: String) -> (SeriesFrequency, Int)? {
        let upper = text.uppercased()
        if let month = ReportingPeriod(upper), case .month = month.kind { return (.month, month.months.lowerBound.code) }
        if let code = Int(text), let month = StatisticalMonth(code: code) { return (.month, month.code) }
        if let day = CalendarDate(iso: text) { return (.week, StatisticalWeek(containing: day).mondayDayNumber) }
        let parts = upper.split(separator: "-W")
        if parts.count == 2, let year = Int(parts[0]), let number = Int(parts[1]), (1...53).contains(number),
           let january4 = CalendarDate(year: year, month: 1, day: 4) {
            let week = StatisticalWeek(containing: january4).advanced(by: number - 1)
            if week.isoYear == year { return (.week, week.mondayDayNumber) }
        }
        return nil
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.prepareDatabase()  // a fresh machine gets its units and plan first
        var runs: [(SeriesFrequency, Int)] = SeriesFrequency.allCases.map { ($0, $0.lastClosed(now: app.clock.now())) }
        if let text = signature.period {
            guard let run = Self.period(text) else {
                throw CommandFailure("alerts run: --period '\(text)' is neither a statistical month (2026-M03, 202603) nor an ISO week (2026-W11, 2026-03-12)")
            }
            runs = [run]
        }
        let province = try await province(signature.province, on: app.db)
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

struct AlertsListCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "state", help: "new | acknowledged | assessed | closed")
        var state: String?
        @Option(name: "unit", help: "Only this unit's subtree (default: the province)")
        var unit: String?
        @Option(name: "province", help: "Province code (default: the current plan's)")
        var province: String?
        @Flag(name: "json", help: "Print JSON (the API's format)")
        var json: Bool
    }

    var help: String { "Lists the stored early-warning alerts, newest first." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.prepareDatabase()  // a fresh machine gets its units and plan first
        let scope: OrgUnit
        if let code = signature.unit {
            guard let unit = try await OrgUnit.find(code: code, on: app.db) else { throw CommandFailure("alerts: unknown unit '\(code)'") }
            scope = unit
        } else {
            scope = try await province(signature.province, on: app.db)
        }
        let query = Alert.query(in: scope, on: app.db)
        if let text = signature.state {
            guard let state = AlertState(rawValue: text) else {
                throw CommandFailure("alerts: --state must be one of \(AlertState.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            query.filter(\.$state == state)
        }
        let alerts = try await query.sort(\.$period, .descending).sort(\.$observed, .descending).all()
        if signature.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.dateEncodingStrategy = .iso8601
            print(String(decoding: try encoder.encode(try alerts.map(AlertAPIController.AlertDTO.init)), as: UTF8.self))
        } else {
            for a in alerts {
                context.console.print("\(a.frequency) \(a.period)  \(a.unitCode)  \(a.watchID): \(a.observed) (bound \(a.upperbound.map { String(format: "%.1f", $0) } ?? "—"), \(a.method))  \(a.state.rawValue)")
            }
            context.console.print("\(alerts.count) alerts")
        }
    }
}
