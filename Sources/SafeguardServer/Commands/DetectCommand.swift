import Foundation
import SafeguardCore
import Vapor

/// `safeguard detect --method M --frequency 52|12 [options] [--json] < series.csv`: the analyst's
/// tool. Reads one count per line (or `date,count`) and prints, for each period the method can
/// judge, the expected value, upper bound and alarm — with the defaults of R's `surveillance`
/// functions and their option names, so the output can be compared with R's line by line. Touches
/// no database.
struct DetectCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "method", help: "farrington-flexible | ears-c1 | ears-c2 | ears-c3 | glrnb")
        var method: String?
        @Option(name: "frequency", help: "Periods a year: 52 (weeks) or 12 (months)")
        var frequency: Int?
        @Option(name: "input", help: "Read the series from this file instead of standard input")
        var input: String?
        @Option(name: "range", help: "Periods to judge, 1-based as in R: FIRST:LAST")
        var range: String?
        @Option(name: "b", help: "farrington: years back (default 5)")
        var b: Int?
        @Option(name: "w", help: "farrington: half-width of the reference window (default 3)")
        var w: Int?
        @Option(name: "alpha", help: "farrington, ears: the test's alpha; glrnb: the NB dispersion (required)")
        var alpha: Double?
        @Option(name: "no-periods", help: "farrington: seasonal levels (default 1)")
        var noPeriods: Int?
        @Option(name: "past-weeks-not-included", help: "farrington: recent periods left out (default w)")
        var pastWeeksNotIncluded: Int?
        @Option(name: "threshold-method", help: "farrington: delta (default) | nbPlugin | muan")
        var thresholdMethod: String?
        @Option(name: "power-trans", help: "farrington delta: 2/3 (default) | 1/2 | none")
        var powerTrans: String?
        @Option(name: "weights-threshold", help: "farrington: Anscombe residual above which past outbreaks are down-weighted (default 2.58)")
        var weightsThreshold: Double?
        @Option(name: "p-threshold-trend", help: "farrington: p-value for keeping the trend (default 0.05)")
        var pThresholdTrend: Double?
        @Option(name: "limit54", help: "farrington: CASES,PERIODS needed for an alarm (default 5,4)")
        var limit54: String?
        @Flag(name: "no-trend", help: "farrington: never fit a trend")
        var noTrend: Bool
        @Flag(name: "no-reweight", help: "farrington: do not down-weight past outbreaks")
        var noReweight: Bool
        @Option(name: "baseline", help: "ears: baseline periods (default 7)")
        var baseline: Int?
        @Option(name: "c-arl", help: "glrnb: alarm threshold (default 5)")
        var cARL: Double?
        @Option(name: "ret", help: "glrnb: cases (default) | value")
        var ret: String?
        @Flag(name: "json", help: "Print JSON instead of CSV")
        var json: Bool
    }

    var help: String { "Runs one early-warning method on a count series read from standard input (the analyst's tool; R-compatible defaults)." }

    func run(using context: CommandContext, signature s: Signature) async throws {
        guard let name = s.method, let method = SeriesAnalysis.Method(rawValue: name) else {
            throw CommandFailure("detect: --method must be one of \(SeriesAnalysis.Method.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let frequency = s.frequency, [12, 52].contains(frequency) else { throw CommandFailure("detect: --frequency must be 52 or 12") }
        var analysis = SeriesAnalysis(method: method)
        var control = FarringtonFlexible.Control.rDefaults
        if let b = s.b { control.yearsBack = b }
        if let w = s.w { control.windowHalfWidth = w }
        control.pastPeriodsNotIncluded = s.pastWeeksNotIncluded ?? control.windowHalfWidth
        if let levels = s.noPeriods { control.seasonalLevels = levels }
        if let text = s.thresholdMethod {
            guard let value = FarringtonFlexible.ThresholdMethod(rawValue: text) else { throw CommandFailure("detect: --threshold-method must be delta, nbPlugin or muan") }
            control.thresholdMethod = value
        }
        if let text = s.powerTrans {
            guard let value = FarringtonFlexible.PowerTransform(rawValue: text) else { throw CommandFailure("detect: --power-trans must be 2/3, 1/2 or none") }
            control.powerTransform = value
        }
        if let value = s.weightsThreshold { control.weightsThreshold = value }
        if let value = s.pThresholdTrend { control.trendThreshold = value }
        if let text = s.limit54 {
            let parts = text.split(separator: ",").compactMap { Int(String($0).trimmed) }
            guard parts.count == 2 else { throw CommandFailure("detect: --limit54 must be CASES,PERIODS, e.g. 5,4") }
            (control.minimumRecentCases, control.recentPeriods) = (parts[0], parts[1])
        }
        control.trend = !s.noTrend
        control.reweight = !s.noReweight
        if method == .farringtonFlexible, let alpha = s.alpha { control.alpha = alpha }
        analysis.farrington = control
        if let baseline = s.baseline { analysis.earsBaseline = baseline }
        if method != .glrnb { analysis.earsAlpha = s.alpha } else { analysis.glrDispersion = s.alpha }
        if let c = s.cARL { analysis.glrThreshold = c }
        if let text = s.ret {
            guard let value = SeriesAnalysis.GLRReturn(rawValue: text) else { throw CommandFailure("detect: --ret must be cases or value") }
            analysis.glrReturn = value
        }
        if let text = s.range {
            let parts = text.split(separator: ":").compactMap { Int(String($0).trimmed) }
            guard parts.count == 2, parts[0] >= 1, parts[0] <= parts[1] else { throw CommandFailure("detect: --range must be FIRST:LAST, 1-based, e.g. 261:312") }
            analysis.range = (parts[0] - 1)...(parts[1] - 1)
        }

        let text: String
        if let path = s.input {
            guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure("detect: cannot read \(path)") }
            text = String(decoding: data, as: UTF8.self)
        } else {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        let source = s.input ?? "stdin"
        let rows: [SeriesAnalysis.Row]
        do {
            rows = try analysis.run(try CountSeries.parse(text, frequency: frequency))
        } catch let error as CountSeries.ParseError {
            throw CommandFailure("detect: \(source): \(error)")
        } catch let error as SeriesAnalysis.Failure {
            throw CommandFailure("detect: \(error)")
        }
        if s.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(rows), as: UTF8.self))
        } else {
            print("period,date,observed,expected,upperbound,alarm")
            for r in rows {
                print([String(r.period), r.date ?? "", String(r.observed), r.expected.map { "\($0)" } ?? "", r.upperbound.map { "\($0)" } ?? "",
                       r.alarm.map { $0 ? "1" : "0" } ?? ""].joined(separator: ","))
            }
        }
    }
}
