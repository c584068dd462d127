import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import SafeguardServer

extension ServerTests {
    @Suite struct PlanImportTests {
        static let key = "hai-phong-799-2026"

        static func committedPlan(_ app: Application) throws -> String {
            try String(contentsOfFile: app.settings.resource(Bootstrap.plan), encoding: .utf8)
        }

        /// What a broken import must leave untouched.
        static func snapshot(_ app: Application) async throws -> [Int] {
            [try await PlanVersion.query(on: app.db).count(), try await PlanTask.query(on: app.db).count(),
             try await PlanTaskAgency.query(on: app.db).count(), try await PlanTarget.query(on: app.db).count()]
        }

        static func lineNumber(of needle: String, in text: String) -> Int {
            text.components(separatedBy: "\n").firstIndex { $0.contains(needle) }! + 1
        }

        @Test func reimportingTheSameFileChangesNothing() async throws {
            try await withSafeguardApp { app in
                let before = try await Self.snapshot(app)
                let outcome = try await PlanImporter(db: app.db, clock: app.clock).importText(try Self.committedPlan(app), fileName: "plan.yaml", importedBy: "test")
                #expect(outcome == .unchanged(key: Self.key, version: 1))
                #expect(try await Self.snapshot(app) == before)
            }
        }

        @Test func aRevisedFileBecomesVersionTwoAndKeepsVersionOne() async throws {
            try await withSafeguardApp { app in
                let revised = try Self.committedPlan(app).replacingOccurrences(of: "threshold: 88", with: "threshold: 85")
                let outcome = try await PlanImporter(db: app.db, clock: app.clock).importText(revised, fileName: "plan.yaml", importedBy: "test")
                #expect(outcome == .created(key: Self.key, version: 2))
                let repository = PlanRepository(db: app.db)
                #expect(try await repository.content(key: Self.key)?.targets.first?.threshold == 85)
                #expect(try await repository.content(key: Self.key, version: 1)?.targets.first?.threshold == 88)
                #expect(try await repository.content(key: Self.key)?.versions == [2, 1])
            }
        }

        @Test(arguments: [
            (#"lead: ["31-CATP"]"#, #"lead: ["31-CATP", "31-NOBODY"]"#, "unknown agency '31-NOBODY'"),
            ("metric: clearance-rate", "metric: crime-happiness", "unknown metric 'crime-happiness'"),
            ("date: 2026-02-05", "date: 2026-02-31", "malformed date '2026-02-31'"),
        ])
        func aBrokenFileIsRejectedWithLineAndPathAndChangesNothing(original: String, broken: String, reason: String) async throws {
            try await withSafeguardApp { app in
                let good = try Self.committedPlan(app)
                #expect(good.contains(original))
                let text = good.replacingOccurrences(of: original, with: broken)
                let before = try await Self.snapshot(app)
                do {
                    _ = try await PlanImporter(db: app.db, clock: app.clock).importText(text, fileName: "broken.yaml", importedBy: "test")
                    Issue.record("the broken file was accepted")
                } catch let error as PlanFileError {
                    let problem = try #require(error.problems.first)
                    #expect(problem.message.contains(reason))
                    #expect(problem.line == Self.lineNumber(of: broken, in: text))
                    #expect(error.description.hasPrefix("broken.yaml:\(problem.line!): "))
                    #expect(!problem.path.isEmpty)
                }
                #expect(try await Self.snapshot(app) == before)
            }
        }

        @Test func yamlSyntaxErrorsNameTheLine() async throws {
            try await withSafeguardApp { app in
                let text = try Self.committedPlan(app).replacingOccurrences(of: "schema: safeguard-plan/1", with: "schema: [safeguard-plan/1")
                await #expect(throws: PlanFileError.self) {
                    _ = try await PlanImporter(db: app.db, clock: app.clock).importText(text, fileName: "syntax.yaml", importedBy: "test")
                }
                let missing = try Self.committedPlan(app).replacingOccurrences(of: "  number: \"45/KH-BCĐ\"\n", with: "")
                do {
                    _ = try await PlanImporter(db: app.db, clock: app.clock).importText(missing, fileName: "missing.yaml", importedBy: "test")
                    Issue.record("a plan without a number was accepted")
                } catch let error as PlanFileError {
                    #expect(error.problems.first?.message == "missing required field 'number'")
                    #expect(error.problems.first?.path == "plan")
                }
            }
        }

        @Test func theCommandLineReportsAndExitsNonZero() async throws {
            let binary = TestDatabase.packageRoot + "/.build/debug/safeguard"
            guard FileManager.default.isExecutableFile(atPath: binary) else { return }
            try await withSafeguardApp { app in
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID()).yaml").path
                let text = try Self.committedPlan(app).replacingOccurrences(of: #"lead: ["31-CATP"]"#, with: #"lead: ["31-GHOST"]"#)
                try text.write(toFile: file, atomically: true, encoding: .utf8)
                let before = try await Self.snapshot(app)
                let process = Process()
                process.executableURL = URL(fileURLWithPath: binary)
                process.arguments = ["import", "plan", file]
                process.currentDirectoryURL = URL(fileURLWithPath: TestDatabase.packageRoot)
                var environment = ProcessInfo.processInfo.environment
                environment["SAFEGUARD_DATA_DIR"] = app.settings.dataDirectory
                environment["DATABASE_URL"] = app.settings.databaseURL ?? ""
                process.environment = environment
                let errors = Pipe()
                process.standardError = errors
                process.standardOutput = Pipe()
                try process.run()
                let output = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                #expect(process.terminationStatus != 0)
                #expect(output.contains("\(file):\(Self.lineNumber(of: "31-GHOST", in: text)): sections["))
                #expect(output.contains("unknown agency '31-GHOST'"))
                #expect(output.contains("Nothing was imported."))
                #expect(try await Self.snapshot(app) == before)
            }
        }

        @Test func onlyTheStandingOfficeAndAdminsImportThroughTheAPI() async throws {
            try await withSafeguardApp { app in
                let yaml = try Self.committedPlan(app).replacingOccurrences(of: "threshold: 88", with: "threshold: 86")
                let commune = try await app.token(for: "hb", role: .communeOfficer, unit: "11311")
                try await app.testing().test(.POST, "/api/v1/plans/import", headers: ["Authorization": "Bearer \(commune)"], body: ByteBuffer(string: yaml)) { res in
                    #expect(res.status == .forbidden)
                }
                let office = try await app.token(for: "office", role: .standingOffice, unit: "31-CATP")
                let broken = yaml.replacingOccurrences(of: #"lead: ["31-CATP"]"#, with: #"lead: ["31-GHOST"]"#)
                try await app.testing().test(.POST, "/api/v1/plans/import", headers: ["Authorization": "Bearer \(office)"], body: ByteBuffer(string: broken)) { res in
                    #expect(res.status == .unprocessableEntity)
                    let body = try res.content.decode(PlanAPIController.ImportErrorDTO.self)
                    #expect(body.problems.contains { $0.message.contains("31-GHOST") && $0.line != nil })
                }
                try await app.testing().test(.POST, "/api/v1/plans/import", headers: ["Authorization": "Bearer \(office)"], body: ByteBuffer(string: yaml)) { res in
                    #expect(res.status == .created)
                    let result = try res.content.decode(PlanAPIController.ImportResultDTO.self)
                    #expect(result.version == 2)
                }
                try await app.testing().test(.POST, "/api/v1/plans/import", headers: ["Authorization": "Bearer \(office)"], body: ByteBuffer(string: yaml)) { res in
                    #expect(res.status == .ok)
                }
            }
        }
    }
}
