import Fluent
import SafeguardCore
import Vapor

/// `safeguard generate records --province 31 --cases-per-year N --from 2023-01-01 --to 2026-11-29 [--seed S]`:
/// a synthetic crime history (not real data), for demos and benchmarks.
struct GenerateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "what", help: "records")
        var what: String
        @Option(name: "province", help: "Province code (default 31)")
        var province: String?
        @Option(name: "cases-per-year", help: "Cases a year across the province (default 3000)")
        var casesPerYear: Int?
        @Option(name: "from", help: "First day, YYYY-MM-DD (default 1 January three years ago)")
        var from: String?
        @Option(name: "to", help: "Last day, YYYY-MM-DD (default today)")
        var to: String?
        @Option(name: "seed", help: "Random seed (default 799)")
        var seed: Int?
    }

    var help: String { "Generates a synthetic crime history (cases and reports) for a province's communes." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.what == "records" else { throw CommandFailure("generate: unknown target '\(signature.what)' (use 'records')") }
        let app = context.application
        try await app.autoMigrate()
        let today = CalendarDate(Date())
        func date(_ text: String?, _ fallback: CalendarDate, _ name: String) throws -> CalendarDate {
            guard let text else { return fallback }
            guard let d = CalendarDate(iso: text) else { throw CommandFailure("generate: --\(name) '\(text)' is not a date (YYYY-MM-DD)") }
            return d
        }
        let first = try date(signature.from, CalendarDate(year: today.year - 3, month: 1, day: 1)!, "from")
        let last = try date(signature.to, today, "to")
        guard first <= last else { throw CommandFailure("generate: --from is after --to") }
        let province = signature.province ?? "31"
        guard try await OrgUnit.find(code: province, on: app.db)?.kind == .province else {
            throw CommandFailure("generate: unknown province '\(province)' (import its units first)")
        }
        final class Shown: @unchecked Sendable { var decile = -1 }
        let shown = Shown()
        let console = context.console
        let counts = try await DemoHistory(db: app.db, reference: app.referenceData).load(
            province: province, from: first, to: last, casesPerYear: signature.casesPerYear ?? Bootstrap.demoCasesPerYear,
            seed: UInt64(signature.seed ?? 799)
        ) { done, total in
            let percent = total > 0 ? done * 100 / total : 100
            if percent / 10 != shown.decile {
                shown.decile = percent / 10
                console.print("… \(done)/\(total) rows (\(percent)%)")
            }
        }
        context.console.success("Generated \(counts.cases) cases and \(counts.reports) reports (synthetic).")
    }
}
