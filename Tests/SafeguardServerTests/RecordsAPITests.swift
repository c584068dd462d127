import Fluent
import Testing
import Vapor
import VaporTesting
@testable import SafeguardCore
@testable import SafeguardServer

extension ServerTests {
    /// `/api/v1/cases` and `/api/v1/crime-reports`: the pages' checks, scope and audit, as JSON.
    @Suite struct RecordsAPITests {
        static func bearer(_ token: String) -> HTTPHeaders { ["Authorization": "Bearer \(token)", "Content-Type": "application/json"] }

        @Test func casesAreCreatedReadReclassifiedSolvedAndPaged() async throws {
            try await withSafeguardApp { app in
                let officer = try await app.token(for: "hb", role: .communeOfficer, unit: "11311")
                let other = try await app.token(for: "tn", role: .communeOfficer, unit: "11560")
                let headers = Self.bearer(officer)
                for n in 1...3 {
                    try await app.testing().test(.POST, "/api/v1/cases", headers: headers, body: ByteBuffer(string: """
                        {"code": "\(n)/VA-2026", "article": 173, "clause": 1, "unit": "11311", "occurredOn": "2026-03-0\(n)", "discoveredOn": "2026-03-0\(n)", "summary": "Trộm xe máy"}
                        """)) { res in
                        #expect(res.status == .created, "\(res.body.string)")
                        #expect(res.headers.first(name: .location) == "/api/v1/cases/\(n)%2FVA-2026")
                        let dto = try res.content.decode(CaseDTO.self)
                        #expect(dto.severity == .lessSerious && dto.category == "social-order" && dto.summary == "Trộm xe máy")
                    }
                }
                // The form's checks, field by field.
                try await app.testing().test(.POST, "/api/v1/cases", headers: headers, body: ByteBuffer(string: """
                    {"code": "1/VA-2026", "article": 999, "clause": 1, "unit": "11311", "occurredOn": "2026-03-05", "discoveredOn": "2026-03-01"}
                    """)) { res in
                    #expect(res.status == .unprocessableEntity)
                    #expect(res.body.string.contains("\"field\":\"article\""))
                }
                // Paged, newest first, without the free text; the total and the next page in the headers.
                try await app.testing().test(.GET, "/api/v1/cases?per_page=2", headers: headers) { res in
                    #expect(res.status == .ok && res.headers.first(name: "X-Total-Count") == "3")
                    #expect(res.headers.first(name: .link)?.contains("page=2") == true)
                    let page = try res.content.decode([CaseDTO].self)
                    #expect(page.map(\.code) == ["3/VA-2026", "2/VA-2026"] && page.allSatisfy { $0.summary == nil })
                }
                try await app.testing().test(.GET, "/api/v1/cases?per_page=2&page=2&solved=false&severity=less-serious", headers: headers) { res in
                    let page = try res.content.decode([CaseDTO].self)
                    #expect(page.map(\.code) == ["1/VA-2026"] && res.headers.first(name: .link) == nil)
                }
                try await app.testing().test(.GET, "/api/v1/cases?severity=minor", headers: headers) { res in #expect(res.status == .badRequest) }
                // Another commune's officer sees none of it.
                try await app.testing().test(.GET, "/api/v1/cases", headers: Self.bearer(other)) { res in
                    #expect(res.headers.first(name: "X-Total-Count") == "0")
                }
                try await app.testing().test(.GET, "/api/v1/cases/1%2FVA-2026", headers: Self.bearer(other)) { res in #expect(res.status == .forbidden) }
                try await app.testing().test(.POST, "/api/v1/cases/1%2FVA-2026/reclassifications", headers: headers,
                                             body: ByteBuffer(string: #"{"article": 173, "clause": 2, "reason": "Giá trị tài sản trên 50 triệu"}"#)) { res in
                    let dto = try res.content.decode(CaseDTO.self)
                    #expect(dto.clause == 2 && dto.severity == .serious && dto.reclassifications?.first?.reason == "Giá trị tài sản trên 50 triệu")
                }
                try await app.testing().test(.POST, "/api/v1/cases/1%2FVA-2026/reclassifications", headers: headers,
                                             body: ByteBuffer(string: #"{"article": 173, "clause": 1}"#)) { res in
                    #expect(res.status == .unprocessableEntity && res.body.string.contains("\"field\":\"reason\""))
                }
                try await app.testing().test(.POST, "/api/v1/cases/1%2FVA-2026/solution", headers: headers, body: ByteBuffer(string: #"{"solvedOn": "2026-03-20"}"#)) { res in
                    let dto = try res.content.decode(CaseDTO.self)
                    #expect(dto.solvedOn == "2026-03-20")
                }
                // Every single read is in the audit log, as the page's.
                let reads = try await AuditEntry.query(on: app.db).filter(\.$action == "read").filter(\.$entity == "criminal-case").count()
                try await app.testing().test(.GET, "/api/v1/cases/2%2FVA-2026", headers: headers) { res in #expect(res.status == .ok) }
                #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "read").filter(\.$entity == "criminal-case").count() == reads + 1)
            }
        }

        @Test func crimeReportsTakeTheirStepsThroughTheAPI() async throws {
            try await withSafeguardApp { app in
                let token = try await app.token(for: "hb", role: .communeOfficer, unit: "11311")
                let leader = try await app.token(for: "lead", role: .leader)
                let headers = Self.bearer(token)
                try await app.testing().test(.POST, "/api/v1/crime-reports", headers: headers, body: ByteBuffer(string: """
                    {"code": "TB-1", "kind": "denunciation", "receivedOn": "2026-03-02", "unit": "11311", "source": "Nguyễn Văn A, 0901234567", "category": "social-order"}
                    """)) { res in
                    #expect(res.status == .created)
                    let dto = try res.content.decode(CrimeReportDTO.self)
                    #expect(dto.state == .received && dto.steps?.map(\.kind) == [.received] && dto.source == "Nguyễn Văn A, 0901234567")
                }
                try await app.testing().test(.POST, "/api/v1/crime-reports/TB-1/steps", headers: headers,
                                             body: ByteBuffer(string: #"{"action": "decide", "date": "2026-03-05", "outcome": "prosecute"}"#)) { res in
                    #expect(res.status == .unprocessableEntity && res.body.string.contains("Tin báo chưa được thụ lý."))
                    #expect(res.body.string.contains("\"code\":\"not-registered\""))
                }
                for body in [#"{"action": "register", "date": "2026-03-02"}"#, #"{"action": "suspend", "date": "2026-03-20"}"#,
                             #"{"action": "resume", "date": "2026-04-10"}"#, #"{"action": "decide", "date": "2026-04-20", "outcome": "no-prosecution"}"#] {
                    try await app.testing().test(.POST, "/api/v1/crime-reports/TB-1/steps", headers: headers, body: ByteBuffer(string: body)) { res in
                        #expect(res.status == .ok, "\(body)")
                    }
                }
                try await app.testing().test(.GET, "/api/v1/crime-reports/TB-1", headers: headers) { res in
                    let dto = try res.content.decode(CrimeReportDTO.self)
                    #expect(dto.state == .decided && dto.outcome == .noProsecution)
                    #expect(dto.steps?.map(\.kind) == [.received, .registered, .suspended, .resumed, .decided])
                    #expect(dto.steps?.last?.recordedBy == "hb")
                }
                try await app.testing().test(.GET, "/api/v1/crime-reports?state=decided", headers: headers) { res in
                    let list = try res.content.decode([CrimeReportDTO].self)
                    #expect(list.map(\.code) == ["TB-1"] && list[0].source == nil && list[0].steps == nil)
                }
                try await app.testing().test(.GET, "/api/v1/crime-reports?state=closed", headers: headers) { res in #expect(res.status == .badRequest) }
                // A leader reads; a leader does not record.
                try await app.testing().test(.GET, "/api/v1/crime-reports?unit=11311", headers: Self.bearer(leader)) { res in
                    #expect(res.headers.first(name: "X-Total-Count") == "1")
                }
                try await app.testing().test(.POST, "/api/v1/crime-reports/TB-1/steps", headers: Self.bearer(leader),
                                             body: ByteBuffer(string: #"{"action": "extend", "date": "2026-04-21"}"#)) { res in
                    #expect(res.status == .forbidden)
                }
            }
        }
    }
}
