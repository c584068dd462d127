import Fluent
import Foundation
import NIOHTTP1
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import SafeguardCore
@testable import SafeguardServer

extension ServerTests {
    /// Many people writing the same thing at once: every answer is a 2xx or a 4xx that says why, never a 500.
    @Suite struct ConcurrentWriteTests {
        @Test func concurrentProgressReportsOnOneAssignmentAllSucceed() async throws {
            try await withSafeguardApp { app in
                _ = try await Fixtures.give(app, "II.2.a.2.5")
                let token = try await app.token(for: "hb", role: .communeOfficer, unit: "11311")
                let assignment = try await Fixtures.part(app, "II.2.a.2.5", unit: "11311")
                let path = "/api/v1/assignments/\(try assignment.requireID().uuidString)/updates"
                let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                    for n in 1...48 {
                        group.addTask {
                            var status = HTTPStatus.internalServerError
                            try await app.testing().test(.POST, path, headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
                                                         body: ByteBuffer(string: #"{"text":"Lần \#(n)","percent":\#(n % 100)}"#)) { status = $0.status }
                            return status
                        }
                    }
                    return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
                }
                #expect(statuses.count == 48)
                #expect(statuses.allSatisfy { $0 == .created || $0 == .ok }, "\(Dictionary(grouping: statuses, by: \.code).mapValues(\.count))")
                #expect(try await ProgressUpdate.query(on: app.db).filter(\.$assignment.$id == assignment.requireID()).count() == 48)
            }
        }

        @Test func concurrentIdenticalCreationsAnswerWithoutServerErrors() async throws {
            try await withSafeguardApp { app in
                let token = try await app.token(for: "hb", role: .communeOfficer, unit: "11311")
                func many(_ method: HTTPMethod, _ path: String, _ body: String) async throws -> [HTTPStatus] {
                    try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                        for _ in 1...24 {
                            group.addTask {
                                var status = HTTPStatus.internalServerError
                                try await app.testing().test(method, path, headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
                                                             body: ByteBuffer(string: body)) { status = $0.status }
                                return status
                            }
                        }
                        return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
                    }
                }
                let year = TestCalendar.today.year
                let registrations = try await many(.POST, "/api/v1/registrations", #"{"unit":"11311","year":\#(year),"safety":true,"exemplary":false}"#)
                #expect(registrations.allSatisfy { $0.code < 500 }, "\(registrations)")
                #expect(try await RegistrationRecord.query(on: app.db).filter(\.$unitCode == "11311").count() == 1)
                // Children with the same name and no code: each gets its own code.
                let children = try await many(.POST, "/api/v1/units/11311/children", #"{"name":"Tổ dân phố mới","kind":"residential-group"}"#)
                #expect(children.allSatisfy { $0 == .created || $0 == .ok }, "\(children)")
                // Children with the same code: one is created, the others told it is taken.
                let sameCode = try await many(.POST, "/api/v1/units/11311/children", #"{"name":"Tổ 99","kind":"residential-group","code":"11311-99"}"#)
                #expect(sameCode.filter { $0 == .created || $0 == .ok }.count == 1 && sameCode.filter { $0 == .conflict }.count == 23, "\(sameCode)")
                let saves = try await many(.POST, "/api/v1/assessments/11311", #"{"year":\#(year),"scores":{},"submit":false}"#)
                #expect(saves.allSatisfy { $0.code < 500 }, "\(saves)")
            }
        }
    }


    /// With the database unreachable, requests are answered 503 with `Retry-After`, never 500.
    @Suite struct DatabaseOutageTests {
        @Test func anUnreachableDatabaseAnswers503() async throws {
            let app = try await Application.make(.testing)
            app.logger.logLevel = .critical
            do {
                // A port nothing listens on: every connection is refused.
                let settings = Settings(dataDirectory: FileManager.default.temporaryDirectory.path, databaseURL: "postgres://safeguard:x@127.0.0.1:9/none",
                                        resourcesDirectory: TestDatabase.packageRoot + "/Resources", loadsDemoData: false)
                try await configure(app, settings: settings)
                try await app.testing().test(.GET, "/api/v1/units", headers: ["Authorization": "Bearer sg_anything"]) { res in
                    #expect(res.status == .serviceUnavailable)
                    #expect(res.headers.first(name: "Retry-After") != nil)
                }
                try await app.testing().test(.GET, "/login", headers: ["Cookie": "safeguard-session=\(UUID().uuidString)"]) { res in
                    #expect(res.status == .serviceUnavailable)
                }
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }
    }
}
