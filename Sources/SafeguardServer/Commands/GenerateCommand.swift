import Fluent
import SafeguardCore
import Vapor

/// `safeguard generate records --province 31 --cases-per-year N --from 2023-01-01 --to 2026-11-29 [--seed S]`:
/// a synthetic crime history (not real data), for demos and benchmarks.
/// `safeguard generate assignments [--recurrence monthly:14] [--every-locality]`: every task of the
/// current plan given to its units on that schedule (tasks already given are skipped) — the board
/// benchmark's volume; `--every-locality` also gives every task to every commune-level unit as a
/// coordinating one (the "114 communes × the plan's tasks" volume).
struct GenerateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "what", help: "records | assignments | reports")
        var what: String
        @Option(name: "province", help: "Province code (default: the province of the plan in force)")
        var province: String?
        @Option(name: "cases-per-year", help: "Cases a year across the province (default 3000)")
        var casesPerYear: Int?
        @Option(name: "from", help: "First day, YYYY-MM-DD (default 1 January three years ago)")
        var from: String?
        @Option(name: "to", help: "Last day, YYYY-MM-DD (default today)")
        var to: String?
        @Option(name: "seed", help: "Random seed (default 799)")
        var seed: Int?
        @Option(name: "recurrence", help: "assignments: the schedule (default monthly:14)")
        var recurrence: String?
        @Flag(name: "every-locality", help: "assignments: give every task to every commune-level unit too")
        var everyLocality: Bool
    }

    var help: String { "Generates a synthetic crime history (cases and reports) for a province's communes." }

    func run(using context: CommandContext, signature: Signature) async throws {
        if signature.what == "assignments" { return try await assignments(context, signature) }
        if signature.what == "reports" { return try await reports(context, signature) }
        guard signature.what == "records" else { throw CommandFailure("generate: unknown target '\(signature.what)' (use records, assignments or reports)") }
        let app = context.application
        try await app.autoMigrate()
        let today = app.clock.today
        func date(_ text: String?, _ fallback: CalendarDate, _ name: String) throws -> CalendarDate {
            guard let text else { return fallback }
            guard let d = CalendarDate(iso: text) else { throw CommandFailure("generate: --\(name) '\(text)' is not a date (YYYY-MM-DD)") }
            return d
        }
        let first = try date(signature.from, CalendarDate(year: today.year - 3, month: 1, day: 1)!, "from")
        let last = try date(signature.to, today, "to")
        guard first <= last else { throw CommandFailure("generate: --from is after --to") }
        guard let province = try await PlanRepository(db: app.db).unitCode(signature.province) else {
            throw CommandFailure("generate: no plan is loaded; name the province with --province")
        }
        guard try await OrgUnit.find(code: province, on: app.db)?.kind == .province else {
            throw CommandFailure("generate: unknown province '\(province)' (import its units first)")
        }
        final class Shown: @unchecked Sendable { var decile = -1 }
        let shown = Shown()
        let console = context.console
        let counts = try await DemoHistory(db: app.db, reference: app.referenceData, clock: app.clock, cipher: app.fieldCipher).load(
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

    private func assignments(_ context: CommandContext, _ signature: Signature) async throws {
        let app = context.application
        try await app.prepareDatabase()
        let text = signature.recurrence ?? "monthly:14"
        guard let recurrence = Recurrence(text) else { throw CommandFailure("generate: --recurrence '\(text)' is not a schedule (e.g. monthly:14, quarterly:3/14, yearly:11/30)") }
        let repository = PlanRepository(db: app.db)
        guard let key = try await repository.defaultKey(), let content = try await repository.content(key: key) else {
            throw CommandFailure("generate: no plan imported")
        }
        let service = PlanAssignments(db: app.db)
        let localities = signature.everyLocality
            ? try await Scope.province(content.plan.provinceCode).filter(OrgUnit.query(on: app.db)).filter(\.$kind ~~ [.ward, .commune, .specialZone]).all()
                .map { PlanContent.Agency(code: $0.code, name: $0.name, kind: $0.kind) }
            : []
        var total = 0, skipped = 0
        for var task in content.tasks where !(task.lead.isEmpty && task.coordinating.isEmpty) {
            let named = Set((task.lead + task.coordinating).map(\.code))
            task.coordinating += localities.filter { !named.contains($0.code) }
            do {
                total += try await service.assign(task, plan: content.plan, recurrence: recurrence, expectedResult: "Báo cáo kết quả thực hiện",
                                                  requiresEvidence: true, responsible: "Thủ trưởng đơn vị", by: "generate")
            } catch PlanAssignments.Failure.alreadyAssigned {
                skipped += 1
            }
        }
        context.console.success("Gave \(content.tasks.count - skipped) tasks on \(recurrence.code): \(total) assignments (\(skipped) tasks given before, skipped).")
    }

    /// Approved reports with made-up values for every unit and every closed period of this year but
    /// the last (left open for entry), on every current form: the reporting benchmark's volume.
    private func reports(_ context: CommandContext, _ signature: Signature) async throws {
        let app = context.application
        try await app.prepareDatabase()
        let today = app.clock.today
        var random = SplitMix64(seed: UInt64(signature.seed ?? 799))
        var submissions = 0, values = 0
        for form in try await ReportFormCatalog(db: app.db).current() {
            let periods = form.periodType.closed(by: today, since: today.year).filter { $0.year == today.year }.dropLast()
            let units = try await OrgUnit.query(on: app.db).filter(\.$kind ~~ form.unitKinds).sort(\.$code).all()
            var reports: [ReportSubmission] = [], rows: [ReportValueRecord] = []
            for unit in units {
                for period in periods {
                    let report = ReportSubmission()
                    report.id = UUID()
                    (report.formCode, report.formVersion, report.period, report.state) = (form.code, form.version, period.description, .approved)
                    (report.unitCode, report.unitPath, report.provinceCode) = (unit.code, unit.path, unit.provinceCode)
                    report.firstSubmittedOn = form.deadline(for: period).adding(days: -Int.random(in: -2...2, using: &random)).description
                    report.decidedBy = "generate"
                    reports.append(report)
                    for cell in form.cells {
                        let value: String? = switch cell.element.type {
                        case .count, .number: String(Int.random(in: 0...30, using: &random))
                        case .percentage: String(Int.random(in: 40...100, using: &random))
                        case .yesNo: Bool.random(using: &random) ? "true" : "false"
                        case .option: cell.element.options?.randomElement(using: &random)
                        case .date: period.end.description
                        case .text: nil
                        }
                        if let value { rows.append(ReportValueRecord(submission: report.id!, key: cell.key, value: value)) }
                    }
                }
            }
            try await app.db.transaction { [reports, rows] db in
                for chunk in stride(from: 0, to: reports.count, by: 500) { try await Array(reports[chunk..<min(reports.count, chunk + 500)]).create(on: db) }
                for chunk in stride(from: 0, to: rows.count, by: 1000) { try await Array(rows[chunk..<min(rows.count, chunk + 1000)]).create(on: db) }
            }
            submissions += reports.count
            values += rows.count
        }
        context.console.success("Generated \(submissions) approved reports with \(values) values (synthetic).")
    }
}
