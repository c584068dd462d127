import SafeguardCore
import Vapor

/// A parameter the client sent that cannot be used (`?page=abc`, `?year=92233720368547758`): a 400
/// that names it, in the user's language, with a structured entry for the API.
///
/// Every number that reaches arithmetic from outside passes through `Request.queryNumber(_:in:)` first,
/// so a value near `Int.max` never gets as far as `page * perPage` or `year * 12`, where Swift
/// traps and takes every user's connection with it.
struct InvalidParameter: AbortError {
    var parameter: String
    var problem: FieldError.Reason
    var reason: String
    var status: HTTPResponseStatus { .badRequest }

    init(_ parameter: String, _ problem: FieldError.Reason, on request: Request) {
        self.parameter = parameter
        self.problem = problem
        let detail = problem.detail.map { " (\($0))" } ?? ""
        reason = "\(request.t("error.parameter")) «\(parameter)»: \(request.t(problem.localizationKey))\(detail)"
    }
}

/// The limits the edge enforces on what a client may ask for.
enum QueryLimits {
    /// Pages of a list: enough for a million rows at 100 a page, far from any overflow.
    static let page = 1...10_000
    /// Years a plan, a report or an assessment can be about.
    static let year = 2000...2100
    /// A text parameter (a search, a code) longer than this is not a search but an attack.
    static let textLength = 200
}

extension Request {
    /// An integer query parameter, `nil` when absent or empty; 400 naming it when it is not a whole
    /// number or lies outside `range`.
    func queryNumber(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = try queryText(name) else { return nil }
        // Digits with an optional minus, as JSON Schema's integers are written: no "+2026", no spaces.
        guard text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }), let value = Int(text) else {
            throw InvalidParameter(name, .malformedNumber(text), on: self)
        }
        guard range.contains(value) else { throw InvalidParameter(name, .outOfRange("\(range.lowerBound)–\(range.upperBound)"), on: self) }
        return value
    }

    /// A text query parameter, trimmed, `nil` when absent; 400 when given twice or longer than
    /// `QueryLimits.textLength` characters. An empty value is absent on a page (a filter form
    /// sends its empty fields) and a 400 in the API, whose clients send what they mean.
    func queryText(_ name: String) throws -> String? {
        let given = (url.query ?? "").split(separator: "&").count { $0 == name || $0.hasPrefix(name + "=") }
        guard given <= 1 else { throw InvalidParameter(name, .repeated, on: self) }
        guard given == 1 else { return nil }
        // U+0000 as in bodies (`NulCharacters`): PostgreSQL cannot compare or store it.
        let raw = ((try? query.get(String.self, at: name)) ?? "").replacingOccurrences(of: "\u{0}", with: "\u{FFFD}")
        // The API takes values as sent (`?state=%20new` is not `new`); pages trim what forms send.
        let api = url.path.hasPrefix("/api/")
        let text = api ? raw : raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            if api { throw InvalidParameter(name, .required, on: self) }
            return nil
        }
        guard text.unicodeScalars.count <= QueryLimits.textLength else {
            throw InvalidParameter(name, .outOfRange("≤ \(QueryLimits.textLength)"), on: self)
        }
        return text
    }

    /// `?page=`, 1 when absent.
    /// An ISO date query parameter (`?from=2026-03-01`), `nil` when absent; 400 naming it when it is not a real day.
    func queryDate(_ name: String) throws -> CalendarDate? {
        guard let text = try queryText(name) else { return nil }
        guard let date = CalendarDate(iso: text) else { throw InvalidParameter(name, .malformedDate(text), on: self) }
        return date
    }

    func pageNumber() throws -> Int { try queryNumber("page", in: QueryLimits.page) ?? 1 }

    /// `?per_page=` within `1...maximum`, `standard` when absent.
    func perPage(standard: Int, maximum: Int) throws -> Int { try queryNumber("per_page", in: 1...maximum) ?? standard }

    /// The year a page or list is about: `given` (a form's or JSON body's field) when present, else
    /// `?year=`, else this year in Việt Nam; 400 outside `QueryLimits.year`.
    func year(_ given: Int? = nil) throws -> Int {
        if let given {
            guard QueryLimits.year.contains(given) else {
                throw InvalidParameter("year", .outOfRange("\(QueryLimits.year.lowerBound)–\(QueryLimits.year.upperBound)"), on: self)
            }
            return given
        }
        return try queryNumber("year", in: QueryLimits.year) ?? today.year
    }

    /// A reporting period from the query (`2026-M03`, `2026-Q1`, `2026`), `fallback` when absent;
    /// 400 when malformed.
    func period(_ name: String = "period", fallback: String) throws -> ReportingPeriod {
        let text = try queryText(name) ?? fallback
        guard let period = ReportingPeriod(text) else { throw InvalidParameter(name, .unknownValue(text), on: self) }
        return period
    }
}
