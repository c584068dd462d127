import Foundation
import SafeguardCore
import Vapor
import Yams

/// Legal reference data read once at start-up from `Resources/Data`: the Penal Code article
/// table with its category mapping, the holiday calendar, and the early warning's watch list.
struct ReferenceData: Sendable {
    struct Category: Sendable, Codable, Equatable {
        var id: String
        var name: String
    }

    var penalCode: PenalCode
    var categories: [Category]
    var holidays: HolidayCalendar
    var deadlinePolicy = ReportDeadlinePolicy()
    /// What the early warning watches (`early-warning/watches.yaml`).
    var watches: [Watch] = []
    /// The time limits in the management of people (`people/statutory-limits.yaml`).
    var statutoryLimits = StatutoryLimits.standard
    /// The public portal's categories and routing (`citizens/channels.yaml`).
    var tipChannels = TipChannels(channels: [], fallback: "")

    func categoryName(_ id: String) -> String { categories.first { $0.id == id }?.name ?? id }
    var categoryIDs: Set<String> { Set(categories.map(\.id)) }

    private struct ArticlesFile: Decodable {
        struct Article: Decodable {
            var article: Int
            var title: String
            var clauses: [Clause]
        }
        struct Clause: Decodable {
            var clause: Int
            var max: Maximum
        }
        struct Maximum: Decodable {
            var years: Int?
            var months: Int?
            var life: Bool?
            var death: Bool?
            var nonCustodial: Bool?
        }
        var articles: [Article]
    }

    private struct CategoriesFile: Decodable {
        var categories: [Category]
        var articles: [String: String]
        var `default`: String
    }

    private struct WatchesFile: Decodable {
        var watches: [Watch]
    }

    private struct HolidaysFile: Decodable {
        var holidays: [String]
        var workingDays: [String]?
    }

    /// `people/statutory-limits.yaml` as written: each span is one of three keys.
    struct StatutoryLimitsFile: Decodable {
        struct Entry: Decodable {
            var clock: String
            var workingDays: Int?
            var hours: Int?
            var months: Int?
            var from: String?
            var until: String?
            var source: String
            var verify: Bool?
            /// The registers it governs (`ManagedPersonKind`); left out: every register.
            var registers: [String]?

            enum CodingKeys: String, CodingKey {
                case clock, hours, months, from, until, source, verify, registers
                case workingDays = "working-days"
            }
        }

        var limits: [Entry]

        /// The limits, or every problem named by its entry.
        static func limits(from text: String, file: String) throws -> StatutoryLimits {
            let written = try YAMLDecoder().decode(Self.self, from: text)
            var problems: [String] = []
            var limits: [StatutoryLimit] = []
            for (i, entry) in written.limits.enumerated() {
                let at = "\(file): limits[\(i)]"
                guard let clock = ManagementClock(rawValue: entry.clock) else {
                    problems.append("\(at).clock: unknown clock '\(entry.clock)' (use \(ManagementClock.allCases.map(\.rawValue).joined(separator: ", ")))")
                    continue
                }
                let spans: [StatutoryLimit.Span] = [entry.workingDays.map(StatutoryLimit.Span.workingDays), entry.hours.map(StatutoryLimit.Span.hours),
                                                    entry.months.map(StatutoryLimit.Span.months)].compactMap { $0 }
                guard spans.count == 1, let span = spans.first else {
                    problems.append("\(at): give exactly one of working-days, hours, months"); continue
                }
                if [entry.workingDays, entry.hours, entry.months].contains(where: { ($0 ?? 1) < 1 || ($0 ?? 1) > 3650 }) {
                    problems.append("\(at): the span must be 1–3650")
                }
                let from = entry.from.flatMap(CalendarDate.init(iso:)), until = entry.until.flatMap(CalendarDate.init(iso:))
                if entry.from != nil, from == nil { problems.append("\(at).from: malformed date '\(entry.from!)' (YYYY-MM-DD)") }
                if entry.until != nil, until == nil { problems.append("\(at).until: malformed date '\(entry.until!)' (YYYY-MM-DD)") }
                if let from, let until, from > until { problems.append("\(at): from is after until") }
                if entry.source.trimmed.isEmpty { problems.append("\(at).source: required") }
                let kinds = entry.registers.map { Set($0.compactMap(ManagedPersonKind.init(rawValue:))) }
                for name in entry.registers ?? [] where ManagedPersonKind(rawValue: name) == nil {
                    problems.append("\(at).registers: unknown register '\(name)' (use \(ManagedPersonKind.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                if entry.registers?.isEmpty == true { problems.append("\(at).registers: leave it out for every register, or name at least one") }
                limits.append(StatutoryLimit(clock, span, from: from, until: until, kinds: kinds, source: entry.source, needsVerification: entry.verify ?? false))
            }
            let result = StatutoryLimits(limits)
            problems += result.overlaps.map { "\(file): two limits of '\($0.0.clock.rawValue)' apply on the same days" }
            guard problems.isEmpty else { throw Abort(.internalServerError, reason: problems.joined(separator: "; ")) }
            return result
        }
    }

    static func load(from directory: String) throws -> ReferenceData {
        func text(_ path: String) throws -> String {
            let full = (directory as NSString).appendingPathComponent(path)
            guard let text = try? String(contentsOfFile: full, encoding: .utf8) else {
                throw Abort(.internalServerError, reason: "missing reference data \(full)")
            }
            return text
        }
        func read<T: Decodable>(_ type: T.Type, _ path: String) throws -> T {
            try YAMLDecoder().decode(T.self, from: try text(path))
        }
        let articles = try read(ArticlesFile.self, "penal-code/articles.yaml")
        let categories = try read(CategoriesFile.self, "penal-code/categories.yaml")
        let holidays = try read(HolidaysFile.self, "calendar/holidays-vn.yaml")
        let code = PenalCode(articles: try articles.articles.map { a in
            var clauses: [Int: PenalCode.MaximumPenalty] = [:]
            for c in a.clauses {
                let m = c.max
                clauses[c.clause] = try m.death == true ? .death : m.life == true ? .life : m.nonCustodial == true ? .nonCustodial
                    : m.years.map(PenalCode.MaximumPenalty.years) ?? m.months.map(PenalCode.MaximumPenalty.months)
                    ?? { throw Abort(.internalServerError, reason: "article \(a.article) clause \(c.clause): no maximum penalty") }()
            }
            return PenalCode.Article(number: a.article, title: a.title, clauses: clauses,
                                     category: categories.articles[String(a.article)] ?? categories.default)
        })
        func dates(_ texts: [String]) throws -> Set<CalendarDate> {
            Set(try texts.map { text in
                guard let date = CalendarDate(iso: text) else { throw Abort(.internalServerError, reason: "holidays: malformed date \(text)") }
                return date
            })
        }
        return ReferenceData(
            penalCode: code, categories: categories.categories,
            holidays: HolidayCalendar(holidays: try dates(holidays.holidays), workingWeekendDays: try dates(holidays.workingDays ?? [])),
            watches: try read(WatchesFile.self, "early-warning/watches.yaml").watches,
            statutoryLimits: try StatutoryLimitsFile.limits(from: try text("people/statutory-limits.yaml"), file: "people/statutory-limits.yaml"),
            tipChannels: try TipChannelsFile.channels(from: try text("citizens/channels.yaml"), file: "citizens/channels.yaml",
                                                     crimeCategories: Set(categories.categories.map(\.id))))
    }

    /// `citizens/channels.yaml` as written.
    struct TipChannelsFile: Decodable {
        struct Entry: Decodable {
            var code: String
            var name: String
            var nameEnglish: String
            var crimeCategory: String
            var route: String

            enum CodingKeys: String, CodingKey {
                case code, name, route
                case nameEnglish = "name_en"
                case crimeCategory = "crime_category"
            }
        }

        var fallback: String
        var categories: [Entry]

        /// The channels, or every problem named by its entry (unit codes are checked against the
        /// directory when a report is routed: the units are loaded after the reference data).
        static func channels(from text: String, file: String, crimeCategories: Set<String>) throws -> TipChannels {
            let written = try YAMLDecoder().decode(Self.self, from: text)
            var problems: [String] = []
            var seen = Set<String>()
            let channels = written.categories.enumerated().map { i, e -> TipChannel in
                let at = "\(file): categories[\(i)]"
                if !seen.insert(e.code).inserted { problems.append("\(at).code: '\(e.code)' given twice") }
                if e.code.isEmpty || e.code.count > 60 || !e.code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
                    problems.append("\(at).code: letters, digits and '-' only, at most 60")
                }
                if e.name.trimmed.isEmpty || e.nameEnglish.trimmed.isEmpty { problems.append("\(at): name and name_en are required") }
                if !crimeCategories.contains(e.crimeCategory) { problems.append("\(at).crime_category: unknown category '\(e.crimeCategory)'") }
                if e.route.trimmed.isEmpty { problems.append("\(at).route: 'commune' or a unit code") }
                return TipChannel(code: e.code, name: e.name, nameEnglish: e.nameEnglish, crimeCategory: e.crimeCategory,
                                  route: e.route == "commune" ? .commune : .unit(e.route))
            }
            if written.fallback.trimmed.isEmpty { problems.append("\(file).fallback: required") }
            if channels.isEmpty { problems.append("\(file).categories: at least one") }
            guard problems.isEmpty else { throw Abort(.internalServerError, reason: problems.joined(separator: "; ")) }
            return TipChannels(channels: channels, fallback: written.fallback)
        }
    }
}

extension Application {
    private struct ReferenceDataKey: StorageKey { typealias Value = ReferenceData }

    var referenceData: ReferenceData {
        get { storage[ReferenceDataKey.self]! }
        set { storage[ReferenceDataKey.self] = newValue }
    }
}
