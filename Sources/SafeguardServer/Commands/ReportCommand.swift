import SafeguardCore
import Vapor

/// `safeguard report --period 2026-Q1 --out report.docx [--xlsx data.xlsx] [--pdf]`: the city's
/// consolidated report as the Word document the UI gives (`CityReport`), optionally its data as
/// Excel and a PDF made by LibreOffice (`soffice --headless --convert-to pdf`) when installed.
struct ReportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "period", help: "2026-M03 | 2026-Q1 | 2026-H1 | 2026-9M | 2026")
        var period: String?
        @Option(name: "out", help: "Where to write the Word document (.docx)")
        var out: String?
        @Option(name: "xlsx", help: "Also write the data as Excel here")
        var xlsx: String?
        @Option(name: "province", help: "Province code (default: the current plan's)")
        var province: String?
        @Flag(name: "pdf", help: "Also convert the document to PDF with LibreOffice, beside it")
        var pdf: Bool
    }

    var help: String { "Writes the city's consolidated report for a period as Word (Decree 30), and optionally Excel and PDF." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let text = signature.period else { throw CommandFailure("report: --period is required (2026-M03, 2026-Q1, 2026-H1, 2026-9M or 2026)") }
        guard let period = ReportingPeriod(text) else { throw CommandFailure("report: malformed period '\(text)' (2026-M03, 2026-Q1, 2026-H1, 2026-9M or 2026)") }
        guard let out = signature.out, out.hasSuffix(".docx") else { throw CommandFailure("report: --out must name a .docx file") }
        let app = context.application
        try await app.prepareDatabase()
        guard let code = try await PlanRepository(db: app.db).unitCode(signature.province) else { throw CommandFailure("report: no plan is loaded; name the province with --province") }
        guard let province = try await OrgUnit.find(code: code, on: app.db), province.kind == .province else {
            throw CommandFailure("report: unknown province '\(code)'")
        }
        let content = try await CityReport(db: app.db).build(province: province, period: period, today: app.clock.today)
        let started = ContinuousClock.now
        let document = try content.document(label: CityReportController.documentLabel(period), localizer: app.localizer, today: app.clock.today)
        do { try document.write(to: URL(fileURLWithPath: out)) } catch { throw CommandFailure("report: cannot write \(out): \(error.localizedDescription)") }
        context.console.print("\(out): \(document.count) bytes, \(content.sections.map { "\($0.form.code) \($0.approved) approved" }.joined(separator: ", ")) (\(Int((ContinuousClock.now - started) / .milliseconds(1))) ms)")
        if let path = signature.xlsx {
            do { try content.workbook().write(to: URL(fileURLWithPath: path)) } catch { throw CommandFailure("report: cannot write \(path): \(error.localizedDescription)") }
            context.console.print(path)
        }
        if signature.pdf {
            let directory = (out as NSString).deletingLastPathComponent
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["soffice", "--headless", "--convert-to", "pdf", "--outdir", directory.isEmpty ? "." : directory, out]
            do { try process.run() } catch { throw CommandFailure("report: --pdf needs LibreOffice (soffice): \(error.localizedDescription)") }
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw CommandFailure("report: LibreOffice could not convert \(out) (exit \(process.terminationStatus))") }
            context.console.print((out as NSString).deletingPathExtension + ".pdf")
        }
    }
}
