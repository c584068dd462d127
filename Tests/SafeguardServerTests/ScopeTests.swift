import Fluent
import SQLKit
import Testing
@testable import SafeguardServer
import SafeguardCore

extension ServerTests {
    /// The one scope rule answers the same as a Fluent filter, as SQL on both engines, and for a
    /// row already loaded: a province by its code (its departments included), a ward by path.
    @Suite struct ScopeTests {
        @Test(arguments: ["31", "11311", "31-CATP"])
        func theFilterTheSQLAndContainsAgree(code: String) async throws {
            try await withSafeguardApp { app in
                let unit = try #require(try await OrgUnit.find(code: code, on: app.db))
                let scope = Scope(unit)
                let byFilter = try await OrgUnit.query(in: unit, on: app.db).all().map(\.code).sorted()
                let sql = try #require(app.db as? any SQLDatabase)
                let bySQL = try await sql.raw("SELECT code FROM org_units WHERE \(scope.condition(path: "path")) ORDER BY code").all()
                    .map { try $0.decode(column: "code", as: String.self) }.sorted()
                let byAlias = try await sql.raw("SELECT u.code FROM org_units u WHERE \(scope.condition(path: "path", table: "u"))").all()
                    .map { try $0.decode(column: "code", as: String.self) }.sorted()
                let all = try await OrgUnit.query(on: app.db).all()
                let contained = all.filter { scope.contains(path: $0.path, province: $0.provinceCode) }.map(\.code).sorted()
                #expect(!byFilter.isEmpty && byFilter.contains(code))
                #expect(byFilter == bySQL && bySQL == byAlias && byAlias == contained)
                switch code {
                case "31":
                    // The city's view holds its departments, which are not under its path.
                    #expect(byFilter.contains("31-CATP") && byFilter.count == all.filter { $0.provinceCode == "31" }.count)
                case "11311": #expect(!byFilter.contains("11560") && !byFilter.contains("31-CATP"))
                default: #expect(!byFilter.contains("11311"))
                }
            }
        }
    }
}
