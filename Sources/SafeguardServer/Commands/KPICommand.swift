import Vapor

/// `safeguard kpi --unit CODE --period P [--json]`: the plan's targets computed from records.
struct KPICommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "unit", help: "Unit code (default: the province of the plan in force)")
        var unit: String?
        @Option(name: "period", help: "2026-M03 | 2026-Q1 | 2026-H1 | 2026-9M | 2026 (default: this year)")
        var period: String?
        @Flag(name: "json", help: "Print JSON, the same document as GET /api/v1/kpis")
        var json: Bool
    }

    var help: String { "Computes every target of the current plan for a unit and period." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.prepareDatabase()  // a fresh machine gets its units and plan first
        let report: KPIReport
        guard let unit = try await PlanRepository(db: app.db).unitCode(signature.unit) else {
            throw CommandFailure("kpi: no plan is loaded; name the unit with --unit")
        }
        do {
            report = try await KPIReport.build(on: app.db, unitCode: unit, periodText: signature.period ?? KPIReport.currentYear(today: app.clock.today), today: app.clock.today)
        } catch let failure as KPIReport.Failure {
            switch failure {
            case .unknownUnit(let code): throw CommandFailure("kpi: unknown unit '\(code)'")
            case .malformedPeriod(let text): throw CommandFailure("kpi: malformed period '\(text)' (2026-M03, 2026-Q1, 2026-H1, 2026-9M or 2026)")
            case .noPlan: throw CommandFailure("kpi: no plan imported")
            }
        }
        if signature.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            context.console.print(String(decoding: try encoder.encode(report), as: UTF8.self))
            return
        }
        context.console.print("\(report.unit.name) (\(report.unit.code)) — \(report.period): \(report.start) … \(report.end)")
        for t in report.targets {
            let value = t.value.map { String(format: "%.2f", $0) } ?? "—"
            let fraction = t.numerator.map { n in t.denominator.map { "\(n)/\($0)" } ?? "\(n)" } ?? ""
            let projection = t.projection.map { String(format: " → %.2f", $0) } ?? ""
            context.console.print("\(t.id.padding(toLength: 4, withPad: " ", startingAt: 0)) \(t.status.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(value) \(t.comparison.symbol) \(t.threshold)\(projection) \(fraction) \(t.metric.rawValue)")
        }
    }
}
