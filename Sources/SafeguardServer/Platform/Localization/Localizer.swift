import Foundation
import LeafKit
import Vapor

/// Ngôn ngữ giao diện: the languages users can choose. Vietnamese first; English second.
enum Language: String, CaseIterable, Sendable {
    case vi, en

    /// Best match for an `Accept-Language` header (`en-US,en;q=0.9,vi;q=0.8`), honouring q-values.
    static func preferred(acceptLanguage: String?) -> Language? {
        guard let header = acceptLanguage else { return nil }
        let ranked = header.split(separator: ",").compactMap { part -> (Language, Double)? in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased(),
                  let language = Language(rawValue: String(tag.prefix(2))) else { return nil }
            let q = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return (language, q)
        }
        return ranked.filter { $0.1 > 0 }.max { $0.1 < $1.1 }?.0
    }
}

/// UI strings from `Resources/Localization/<lang>.json`, one flat key → text table per language.
///
/// Templates read static strings as `#(t.key)`, so keys they use are `snake_case`; domain
/// vocabulary looked up from Swift uses dotted keys (`unit.kind.ward`). A missing key shows
/// as itself, which a test forbids for every key the code and templates use.
struct Localizer: Sendable {
    let tables: [Language: [String: String]]
    /// Each table as a page's `t`, converted for Leaf once rather than on every page.
    let translations: [Language: Translations]

    init(directory: String) throws {
        var tables: [Language: [String: String]] = [:]
        for language in Language.allCases {
            let path = (directory as NSString).appendingPathComponent("\(language.rawValue).json")
            guard let data = FileManager.default.contents(atPath: path) else {
                throw Abort(.internalServerError, reason: "missing localisation file \(path)")
            }
            tables[language] = try JSONDecoder().decode([String: String].self, from: data)
        }
        self.tables = tables
        self.translations = tables.mapValues(Translations.init)
    }

    func table(_ language: Language) -> [String: String] { tables[language] ?? [:] }

    func translations(_ language: Language) -> Translations { translations[language] ?? Translations([:]) }

    func string(_ key: String, _ language: Language) -> String {
        tables[language]?[key] ?? tables[.vi]?[key] ?? key
    }
}

extension Application {
    private struct LocalizerKey: StorageKey { typealias Value = Localizer }

    var localizer: Localizer {
        get { storage[LocalizerKey.self]! }
        set { storage[LocalizerKey.self] = newValue }
    }
}

extension Request {
    private struct LanguageKey: StorageKey { typealias Value = Language }

    var language: Language {
        get { storage[LanguageKey.self] ?? .vi }
        set { storage[LanguageKey.self] = newValue }
    }

    /// The UI string for a key in the request's language.
    func t(_ key: String) -> String { application.localizer.string(key, language) }
}

/// Chooses the language: `?lang=` (remembered in a cookie), then the cookie, then `Accept-Language`, then Vietnamese.
struct LanguageMiddleware: AsyncMiddleware {
    static let cookie = "lang"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let chosen = (try? request.query.get(String.self, at: "lang")).flatMap(Language.init(rawValue:))
        request.language = chosen
            ?? request.cookies[Self.cookie].flatMap { Language(rawValue: $0.string) }
            ?? Language.preferred(acceptLanguage: request.headers.first(name: .acceptLanguage))
            ?? .vi
        let response = try await next.respond(to: request)
        if let chosen {
            response.cookies[Self.cookie] = HTTPCookies.Value(string: chosen.rawValue, maxAge: 365 * 24 * 3600, path: "/", sameSite: .lax)
        }
        return response
    }
}

/// A language's strings as the pages read them (`#(page.t.key)`). Leaf takes a value that is
/// `LeafDataRepresentable` as it is, so the four hundred strings are turned into Leaf's form once
/// per language instead of being encoded again for every page.
struct Translations: Encodable, LeafDataRepresentable, Sendable {
    let strings: [String: String]
    let leafData: LeafData

    init(_ strings: [String: String]) {
        self.strings = strings
        self.leafData = .dictionary(strings.mapValues { LeafData.string($0) })
    }

    func encode(to encoder: any Encoder) throws { try strings.encode(to: encoder) }
}
