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

    static func load(from directory: String) throws -> ReferenceData {
        func read<T: Decodable>(_ type: T.Type, _ path: String) throws -> T {
            let full = (directory as NSString).appendingPathComponent(path)
            guard let text = try? String(contentsOfFile: full, encoding: .utf8) else {
                throw Abort(.internalServerError, reason: "missing reference data \(full)")
            }
            return try YAMLDecoder().decode(T.self, from: text)
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
            watches: try read(WatchesFile.self, "early-warning/watches.yaml").watches)
    }
}

extension Application {
    private struct ReferenceDataKey: StorageKey { typealias Value = ReferenceData }

    var referenceData: ReferenceData {
        get { storage[ReferenceDataKey.self]! }
        set { storage[ReferenceDataKey.self] = newValue }
    }
}
