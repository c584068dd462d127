import Fluent
import SQLKit
import Testing
import Vapor
@testable import SafeguardCore
@testable import SafeguardServer

extension ServerTests {
    /// The counts tables behind the dashboard stay equal to a recount of the records through every
    /// kind of write, and answer exactly as the records themselves do.
    @Suite struct RecordCountsTests {
        static func expectExact(_ app: Application, _ step: String) async throws {
            let sql = app.db as! any SQLDatabase
            for table in RecordCounts.all {
                #expect(try await table.mismatches(on: sql) == 0, "\(table.counts) after \(step)")
            }
        }

        static func sorted<C>(_ cells: [C]) -> [String] { cells.map { "\($0)" }.sorted() }

        @Test func countsFollowInsertsUpdatesAndDeletes() async throws {
            try await withSafeguardApp { app in
                try await DemoData(db: app.db).addSubUnits()
                try await Fixtures.loadHistory(app)
                let sql = app.db as! any SQLDatabase
                let cases = try await CriminalCase.query(on: app.db).count()
                let counted = try await sql.raw("SELECT CAST(SUM(n) AS BIGINT) AS n FROM case_counts").first()!.decode(column: "n", as: Int.self)
                #expect(cases > 1000 && counted == cases)
                try await Self.expectExact(app, "the bulk load")

                // Single-row updates through the models, as the forms do them.
                for row in try await CriminalCase.query(on: app.db).sort(\.$code).range(..<25).all() {
                    row.severity = .especiallySerious
                    row.category = "drugs"
                    row.solvedMonth = row.solvedMonth == nil ? row.discoveredMonth : nil
                    try await row.update(on: app.db)
                }
                for row in try await CrimeReport.query(on: app.db).sort(\.$code).range(..<25).all() {
                    row.resolvedMonth = nil
                    row.registeredMonth = row.receivedMonth
                    try await row.update(on: app.db)
                }
                try await Self.expectExact(app, "model updates")

                // Statements touching many rows at once, moving records between communes, and deletes.
                try await sql.raw("UPDATE criminal_cases SET solved_month = NULL, solved_on = NULL WHERE discovered_month = 202603").run()
                try await sql.raw("UPDATE crime_reports SET commune_code = '11560', unit_path = '/31/11560/' WHERE commune_code = '11311' AND received_month = 202602").run()
                try await sql.raw("DELETE FROM crime_reports WHERE received_month = 202601").run()
                try await sql.raw("DELETE FROM criminal_cases WHERE discovered_month = 202512").run()
                try await Self.expectExact(app, "bulk updates and deletes")

                // A commune's counts answer as its subtree of records does.
                let queries = RecordQueries(app.db)
                let months = StatisticalMonth(code: 202501)!...StatisticalMonth(code: 202606)!
                for commune in ["11311", "11560"] {
                    let path = try #require(try await OrgUnit.find(code: commune, on: app.db)).path
                    let counted = try await queries.cases(.commune(commune, path: path), months: months)
                    let raw = try await queries.cases(.subtree(path: path), months: months)
                    #expect(!raw.cells.isEmpty && Self.sorted(counted.cells.filter { $0.count != 0 }) == Self.sorted(raw.cells))
                    let countedReports = try await queries.reports(.commune(commune, path: path), months: months)
                    let rawReports = try await queries.reports(.subtree(path: path), months: months)
                    #expect(!rawReports.cells.isEmpty && Self.sorted(countedReports.cells.filter { $0.count != 0 }) == Self.sorted(rawReports.cells))
                }
            }
        }

        @Test func aRebuildRestoresCountsAfterADirectRepair() async throws {
            try await withSafeguardApp { app in
                try await Fixtures.loadHistory(app)
                let sql = app.db as! any SQLDatabase
                try await sql.raw("UPDATE case_counts SET n = n + 1 WHERE discovered_month = 202503").run()
                #expect(try await RecordCounts.cases.mismatches(on: sql) > 0)
                try await RecordCounts.cases.rebuild(on: sql)
                try await Self.expectExact(app, "a rebuild")
            }
        }
    }
}
