/// Dữ liệu mô phỏng: a reproducible synthetic crime history for demos and benchmarks.
///
/// Not real data. Each commune gets a synthetic size weight (wards larger than rural communes)
/// standing in for population, which the source unit list does not carry; counts follow a
/// yearly seasonality peaking around Tết, a slow downward trend, and a few communes trending up
/// so that the early-warning and the dashboard have something to show.
public struct SyntheticHistory: Sendable {
    public struct Commune: Sendable {
        public var code: String
        public var isUrban: Bool
        public init(code: String, isUrban: Bool) {
            self.code = code
            self.isUrban = isUrban
        }
    }

    public var communes: [Commune]
    public var first: CalendarDate
    public var last: CalendarDate
    /// Cases a year across all communes, before seasonality and trend.
    public var casesPerYear: Int
    public var seed: UInt64
    /// Extra runs of one offence in one commune, for the early warning to find in a demo.
    public var surges: [Surge] = []
    /// Where to centre made-up coordinates for the cases (nil: none). The communes are laid out on a
    /// jittered grid around it, 2.5 km apart, wards nearest — a made-up geography for the hotspot
    /// map, not the real one. Each commune has two "hot points" (a market, a bus station) that draw
    /// a third of its cases; a surge happens at its commune's first hot point.
    public var layoutCentre: (latitude: Double, longitude: Double)?

    /// A run of extra cases of one offence (clause 1) in one commune from a day on.
    public struct Surge: Sendable {
        public var commune: String
        public var article: Int
        public var from: CalendarDate
        /// Extra cases expected per day.
        public var perDay: Double
        public init(commune: String, article: Int, from: CalendarDate, perDay: Double) {
            self.commune = commune
            self.article = article
            self.from = from
            self.perDay = perDay
        }
    }

    public init(communes: [Commune], first: CalendarDate, last: CalendarDate, casesPerYear: Int, seed: UInt64 = 799) {
        self.communes = communes
        self.first = first
        self.last = last
        self.casesPerYear = casesPerYear
        self.seed = seed
    }

    /// Articles and clauses drawn for synthetic cases, with relative weights.
    static let offences: [(article: Int, clauses: [Int], weight: Double)] = [
        (173, [1, 1, 1, 1, 2, 2, 3], 38), (174, [1, 1, 2, 3, 4], 10), (134, [1, 1, 2, 3, 4], 9), (171, [1, 1, 2], 5),
        (321, [1, 1, 2], 8), (249, [1, 1, 2, 3], 6), (251, [1, 2, 3, 4], 5), (255, [1, 2], 1.5), (260, [1, 2], 5),
        (290, [1, 2, 3], 5), (168, [1, 2, 3], 2), (123, [1, 2], 0.5), (318, [1, 2], 2), (353, [1, 2], 0.5),
        (178, [1, 2], 1.5),
    ]

    /// Synthetic cases and the reports that led to them (plus reports that ended without prosecution).
    public func generate(penalCode: PenalCode) -> (cases: [ValidCase], reports: [ValidReport]) {
        var rng = SplitMix64(seed: seed)
        let offences = Self.offences.filter { o in penalCode.articles[o.article].map { a in o.clauses.allSatisfy { a.clauses[$0] != nil } } ?? false }
        let totalWeight = offences.reduce(0) { $0 + $1.weight }
        let weights = communes.map { $0.isUrban ? 1.6 + rng.unit() : 0.5 + 0.8 * rng.unit() }
        let weightSum = weights.reduce(0, +)
        // Five communes whose crime grows ~30% a year.
        let rising = Set(communes.indices.shuffled(using: &rng).prefix(min(5, communes.count)))
        var cases: [ValidCase] = []
        var reports: [ValidReport] = []
        var day = first
        var serial = 0
        let layout = layoutCentre.map { Layout(communes: communes, centre: $0, seed: seed) }
        // A generator of its own, so coordinates leave every other draw as it was.
        var placeRNG = SplitMix64(seed: seed ^ 0x5EED_C0DE)
        func record(_ articleNumber: Int, clause: Int, in commune: String, on day: CalendarDate, surge: Bool = false) {
            serial += 1
            let article = penalCode.articles[articleNumber]!
            let severity = CrimeSeverity(maximum: article.clauses[clause]!)
            let occurred = day.adding(days: -Int(rng.unit() * 3))
            let solveChance = severity.rank >= 2 ? 0.96 : 0.84
            let solvedDelay = Int(rng.exponential(mean: 25))
            let solved: CalendarDate? = rng.unit() < solveChance ? day.adding(days: solvedDelay) : nil
            let place = layout?.place(commune, surge: surge, rng: &placeRNG)
            cases.append(ValidCase(
                code: "VA-\(day.year)-\(serial)", article: articleNumber, clause: clause, severity: severity, category: article.category,
                unit: commune, occurredOn: occurred, discoveredOn: day,
                solvedOn: solved.flatMap { $0 <= last ? $0 : nil }, suspects: 1 + Int(rng.exponential(mean: 0.6)),
                summary: nil, latitude: place?.latitude, longitude: place?.longitude))
            reports.append(report("TB-\(day.year)-\(serial)", unit: commune, category: article.category,
                                  received: occurred, prosecuted: true, rng: &rng))
            // Roughly one report in four does not lead to a case.
            if rng.unit() < 0.33 {
                serial += 1
                reports.append(report("TB-\(day.year)-\(serial)", unit: commune, category: article.category,
                                      received: day, prosecuted: false, rng: &rng))
            }
        }
        while day <= last {
            let yearsIn = Double(first.days(until: day)) / 365.25
            // Peak in the weeks around Tết (late Jan–Feb), low in autumn.
            let season = 1 + 0.25 * cosine(2 * Double.pi * (Double(day.month) - 1.5) / 12)
            for (i, commune) in communes.enumerated() {
                let trend = rising.contains(i) ? pow(1.3, yearsIn) : pow(0.96, yearsIn)
                let expected = Double(casesPerYear) / 365.25 * weights[i] / weightSum * season * trend
                for _ in 0..<rng.poisson(expected) {
                    let pick = rng.unit() * totalWeight
                    var acc = 0.0
                    let offence = offences.first { acc += $0.weight; return acc >= pick } ?? offences[0]
                    record(offence.article, clause: offence.clauses[Int(rng.unit() * Double(offence.clauses.count))], in: commune.code, on: day)
                }
            }
            for surge in surges where surge.from <= day && penalCode.articles[surge.article]?.clauses[1] != nil {
                for _ in 0..<rng.poisson(surge.perDay) { record(surge.article, clause: 1, in: surge.commune, on: day, surge: true) }
            }
            day = day.adding(days: 1)
        }
        return (cases, reports)
    }

    private func report(_ code: String, unit: String, category: String, received: CalendarDate, prosecuted: Bool, rng: inout SplitMix64) -> ValidReport {
        var lifecycle = CrimeReportLifecycle(receivedOn: received)
        let kinds: [CrimeReportKind] = [.denunciation, .denunciation, .denunciation, .information, .prosecutionRequest]
        let registered = received.adding(days: rng.unit() < 0.9 ? 0 : 1)
        if registered <= last { try? lifecycle.apply(.register(on: registered)) }
        let complex = rng.unit() < 0.12
        if complex, registered <= last { try? lifecycle.apply(.extend(on: registered)) }
        let decisionDelay = complex ? 20 + Int(rng.unit() * 40) : 3 + Int(rng.exponential(mean: 9))
        let decided = registered.adding(days: decisionDelay)
        if decided <= last {
            if !prosecuted && rng.unit() < 0.15 {
                try? lifecycle.apply(.suspend(on: decided))
            } else {
                try? lifecycle.apply(.decide(prosecuted ? .prosecute : .noProsecution, on: decided))
            }
        }
        return ValidReport(code: code, kind: kinds[Int(rng.unit() * Double(kinds.count))], unit: unit,
                           source: prosecuted ? "Người dân tố giác" : "Tin báo của cơ quan, tổ chức",
                           category: category, summary: nil, lifecycle: lifecycle)
    }
}

/// The made-up geography of `SyntheticHistory.layoutCentre`.
struct Layout {
    struct Place {
        var centre: (x: Double, y: Double)
        var hotPoints: [(x: Double, y: Double)]
    }

    var origin: (latitude: Double, longitude: Double)
    var places: [String: Place] = [:]

    init(communes: [SyntheticHistory.Commune], centre: (latitude: Double, longitude: Double), seed: UInt64) {
        origin = centre
        var rng = SplitMix64(seed: seed ^ 0x1A70_0715)
        // Wards first, then communes, along a square spiral out from the centre.
        let ordered = communes.filter(\.isUrban) + communes.filter { !$0.isUrban }
        var (x, y, dx, dy, leg, walked, turns) = (0, 0, 1, 0, 1, 0, 0)
        for commune in ordered {
            let spacing = 2500.0
            let c = (Double(x) * spacing + (rng.unit() - 0.5) * 1000, Double(y) * spacing + (rng.unit() - 0.5) * 1000)
            let hot = (0..<2).map { _ in (c.0 + (rng.unit() - 0.5) * 1600, c.1 + (rng.unit() - 0.5) * 1600) }
            places[commune.code] = Place(centre: c, hotPoints: hot)
            x += dx; y += dy; walked += 1
            if walked == leg {
                walked = 0
                (dx, dy) = (-dy, dx)
                turns += 1
                if turns % 2 == 0 { leg += 1 }
            }
        }
    }

    /// A case's coordinates: a third at one of the commune's hot points (within ~80 m), the rest
    /// spread around its centre (~700 m); a surge's at the first hot point.
    func place(_ commune: String, surge: Bool, rng: inout SplitMix64) -> (latitude: Double, longitude: Double)? {
        guard let place = places[commune] else { return nil }
        let spot: (x: Double, y: Double), spread: Double
        if surge || rng.unit() < 1.0 / 3 {
            spot = surge ? place.hotPoints[0] : place.hotPoints[Int(rng.unit() * 2)]
            spread = 80
        } else {
            (spot, spread) = (place.centre, 700)
        }
        let east = spot.x + spread * rng.normal(), north = spot.y + spread * rng.normal()
        let metresPerDegree = 111_320.0
        return (origin.latitude + north / metresPerDegree,
                origin.longitude + east / (metresPerDegree * cosine(origin.latitude * Double.pi / 180)))
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): a small, fast, seedable generator, so demo data is the same on every machine.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    public mutating func exponential(mean: Double) -> Double { -mean * logarithm(1 - unit()) }

    /// Poisson by Knuth's multiplication method; fine for the small daily means used here.
    public mutating func poisson(_ mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        if mean > 30 { return max(0, Int((mean + mean.squareRoot() * normal()).rounded())) }
        let limit = exponentialFunction(-mean)
        var k = 0
        var p = unit()
        while p > limit {
            k += 1
            p *= unit()
        }
        return k
    }

    /// Standard normal by Box–Muller.
    public mutating func normal() -> Double {
        (-2 * logarithm(1 - unit())).squareRoot() * cosine(2 * Double.pi * unit())
    }
}
