import Foundation
import Testing
import Vapor
import VaporTesting
@testable import SafeguardCore
@testable import SafeguardServer

extension ServerTests {
    @Suite struct PlatformTests {
        @Test func healthAndReadiness() async throws {
            try await withSafeguardApp(seed: false) { app in
                try await app.testing().test(.GET, "/healthz") { res in #expect(res.status == .ok) }
                try await app.testing().test(.GET, "/readyz") { res in
                    #expect(res.status == .ok)
                    #expect(res.body.string.contains("ready"))
                }
            }
        }

        @Test func theOpenAPIDocumentDescribesEveryAPIRoute() async throws {
            try await withSafeguardApp(seed: false) { app in
                try await app.testing().test(.GET, "/openapi.json") { res in
                    #expect(res.status == .ok)
                    let json = try #require(try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as? [String: Any])
                    #expect(json["openapi"] as? String == "3.1.0")
                    let paths = try #require(json["paths"] as? [String: [String: Any]])
                    for route in app.routes.all where route.path.first?.description == "api" {
                        let path = "/" + route.path.map { component -> String in
                            if case .parameter(let name) = component { return "{\(name)}" }
                            return component.description
                        }.joined(separator: "/")
                        let method = route.method.rawValue.lowercased()
                        #expect(paths[path]?[method] != nil, "\(method.uppercased()) \(path) is not in openapi.yaml")
                    }
                }
            }
        }

        @Test func everyStringExistsInBothLanguages() async throws {
            let root = TestDatabase.packageRoot + "/Resources"
            let localizer = try Localizer(directory: root + "/Localization")
            let vi = localizer.table(.vi), en = localizer.table(.en)
            #expect(Set(vi.keys) == Set(en.keys))
            var used = Set<String>()
            // Keys the templates read as #(page.t.key).
            for file in try FileManager.default.subpathsOfDirectory(atPath: root + "/Views") where file.hasSuffix(".leaf") {
                let text = try String(contentsOfFile: root + "/Views/" + file, encoding: .utf8)
                let regex = try NSRegularExpression(pattern: #"page\.t\.([a-z0-9_]+)"#)
                for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    used.insert(String(text[Range(match.range(at: 1), in: text)!]))
                }
            }
            // Keys the Swift code asks for with t("…").
            let sources = TestDatabase.packageRoot + "/Sources/SafeguardServer"
            for path in FileManager.default.enumerator(atPath: sources)!.compactMap({ $0 as? String }) where path.hasSuffix(".swift") {
                let text = try String(contentsOfFile: sources + "/" + path, encoding: .utf8)
                let regex = try NSRegularExpression(pattern: #"\bt\("([a-z0-9_.\-]+)"\)"#)
                for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    used.insert(String(text[Range(match.range(at: 1), in: text)!]))
                }
            }
            used.formUnion(OrgUnitKind.allCases.map(\.localizationKey))
            used.formUnion(Role.allCases.map(\.localizationKey))
            used.formUnion(TargetMetric.allCases.map(\.localizationKey))
            used.formUnion(CrimeSeverity.allCases.map(\.localizationKey))
            used.formUnion(CrimeReportState.allCases.map(\.localizationKey))
            used.formUnion(CrimeReportOutcome.allCases.map(\.localizationKey))
            used.formUnion(CrimeReportKind.allCases.map(\.localizationKey))
            used.formUnion(TargetStatus.allCases.map(\.localizationKey))
            let transitions: [CrimeReportLifecycle.TransitionError] = [.notRegistered, .alreadyRegistered, .notOpen, .notSuspended,
                                                                       .tooManyExtensions, .dateBeforeReceipt, .dateBeforePreviousStep, .suspendIsNotADecision,
                                                                       .suspendedBefore]
            let reasons: [FieldError.Reason] = [.required, .malformedDate(""), .malformedNumber(""), .unknownArticle(0), .unknownClause(article: 0, clause: 0),
                                                .unknownValue(""), .outOfRange(""), .dateInFuture(""), .dateOrder(earlier: "", later: ""),
                                                .unknownUnit(""), .duplicateCode(""), .notAllowed] + transitions.map(FieldError.Reason.transition)
            used.formUnion(reasons.map(\.localizationKey))
            #expect(used.count > 100)
            let missing = used.subtracting(vi.keys).sorted()
            #expect(missing.isEmpty, "missing strings: \(missing)")
            // Vietnamese strings carry diacritics (a table without them would be a sign of a lost encoding).
            #expect(vi["plan_tasks"] == "II. Nhiệm vụ, phân công thực hiện")
        }

        @Test func languageNegotiation() {
            #expect(Language.preferred(acceptLanguage: "en-US,en;q=0.9") == .en)
            #expect(Language.preferred(acceptLanguage: "en;q=0.2, vi") == .vi)
            #expect(Language.preferred(acceptLanguage: "de, fr") == nil)
            #expect(Language.preferred(acceptLanguage: "en;q=0") == nil)
            #expect(Language.preferred(acceptLanguage: nil) == nil)
        }

        @Test func securityHeadersAndSafeRedirects() async throws {
            try await withSafeguardApp(seed: false) { app in
                try await app.testing().test(.GET, "/login") { res in
                    #expect(res.headers.first(name: "X-Frame-Options") == "DENY")
                    #expect(res.headers.first(name: "Content-Security-Policy")?.contains("default-src 'self'") == true)
                    #expect(res.headers.setCookie?["safeguard-session"]?.isHTTPOnly == true)
                }
            }
            #expect(AuthController.safeRedirect("/plan?filter=lead") == "/plan?filter=lead")
            #expect(AuthController.safeRedirect("//evil.example") == "/")
            #expect(AuthController.safeRedirect("https://evil.example") == "/")
        }
    }
}
