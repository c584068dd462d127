import Fluent
import Testing
import Vapor
import VaporTesting
@testable import SafeguardCore
@testable import SafeguardServer

extension ServerTests {
    /// Progress reports with evidence: a report in progress, a completion refused without evidence
    /// or with a disguised file (nothing stored), a completion with a PDF that completes the task,
    /// the file sent back only as an attachment, and another ward refused throughout.
    @Suite struct TaskProgressTests {

        @Test func aWardReportsProgressAndCompletesWithEvidence() async throws {
            try await withSafeguardApp { app in
                try await Fixtures.assign(app, unit: "11311", title: "Rà soát cơ sở kinh doanh có điều kiện", due: 10)
                let task = try #require(try await Assignment.query(on: app.db).first())
                let link = "/tasks/\(task.id!.uuidString)"
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                try await app.createUser("tn", role: .communeOfficer, unit: "11560")
                var ward = Browser(app)
                try await ward.login("hb")
                #expect(try await ward.get(link).body.string.contains("enctype=\"multipart/form-data\""))

                let progress = try await ward.post("\(link)/updates", fields: [("text", "Đã rà soát 12/30 cơ sở"), ("percent", "40")], files: [], csrfFrom: link)
                #expect(progress.status == .seeOther)

                let noEvidence = try await ward.post("\(link)/updates", fields: [("text", "Đã xong"), ("completes", "on")], files: [], csrfFrom: link)
                #expect(noEvidence.status == .unprocessableEntity && noEvidence.body.string.contains("«Minh chứng»: Bắt buộc nhập."))
                let disguised = try await ward.post("\(link)/updates", fields: [("text", "Đã xong"), ("completes", "on")],
                                                    files: [("files[]", "bien-ban.pdf", Fixtures.png), ("files[]", "ok.pdf", Fixtures.pdf)], csrfFrom: link)
                #expect(disguised.status == .unprocessableEntity)
                #expect(disguised.body.string.contains("«Minh chứng» bien-ban.pdf: Nội dung tệp không khớp với phần mở rộng (.pdf)"))
                let executable = try await ward.post("\(link)/updates", fields: [("text", "x"), ("percent", "50")], files: [("files[]", "../run.exe", Data([0x4D, 0x5A]))], csrfFrom: link)
                #expect(executable.status == .unprocessableEntity && executable.body.string.contains("«Minh chứng» run.exe: Loại tệp không được nhận"))
                let reports = try await ProgressUpdate.query(on: app.db).count(), files = try await EvidenceFile.query(on: app.db).count()
                #expect(reports == 1 && files == 0)

                let done = try await ward.post("\(link)/updates", fields: [("text", "Đã rà soát đủ 30 cơ sở, lập 2 biên bản"), ("completes", "on")],
                                               files: [("files[]", "Biên bản (1).pdf", Fixtures.pdf)], csrfFrom: link)
                #expect(done.status == .seeOther)
                let stored = try #require(try await Assignment.find(task.id, on: app.db))
                #expect(stored.completedOn == TestCalendar.today.description && stored.progress == 100)
                #expect(stored.status(today: TestCalendar.today) == .completedOnTime)
                let file = try #require(try await EvidenceFile.query(on: app.db).first())
                #expect(file.name == "Biên bản (1).pdf" && file.contentType == "application/pdf" && file.size == Fixtures.pdf.count)
                #expect(file.sha256 == SHA256.hash(data: Fixtures.pdf).hex)
                let page = try await ward.get(link).body.string
                #expect(page.contains("Đã rà soát 12/30 cơ sở") && page.contains("Hoàn thành đúng hạn") && !page.contains("enctype=\"multipart/form-data\""))

                let download = try await ward.get("/evidence/\(file.id!.uuidString)")
                #expect(download.status == .ok && Data(download.body.readableBytesView) == Fixtures.pdf)
                #expect(download.headers.first(name: .contentDisposition)?.hasPrefix("attachment; filename=\"Bi_n b_n (1).pdf\"; filename*=UTF-8''") == true)
                #expect(download.headers.first(name: "X-Content-Type-Options") == "nosniff" && download.headers.first(name: .contentType) == "application/pdf")
                let again = try await ward.post("\(link)/updates", fields: [("text", "thêm"), ("percent", "100")], files: [], csrfFrom: "/tasks")
                #expect(again.status == .unprocessableEntity)

                var other = Browser(app)
                try await other.login("tn")
                #expect(try await other.get(link).status == .forbidden)
                #expect(try await other.get("/evidence/\(file.id!.uuidString)").status == .forbidden)
                let refused = try await other.post("\(link)/updates", fields: [("text", "x"), ("percent", "10")], files: [], csrfFrom: "/tasks")
                #expect(refused.status == .forbidden)

                // The API: the list with the computed status, the counts, one assignment with its reports and files.
                let token = try await app.token(for: "hb-api", role: .communeOfficer, unit: "11311")
                let auth: HTTPHeaders = ["Authorization": "Bearer \(token)"]
                try await app.testing().test(.GET, "/api/v1/assignments", headers: auth) { res in
                    let list = try res.content.decode([AssignmentAPIController.AssignmentDTO].self)
                    #expect(list.count == 1 && list[0].status == .completedOnTime && list[0].progress == 100 && list[0].updates == nil)
                }
                try await app.testing().test(.GET, "/api/v1/assignments/counts", headers: auth) { res in
                    let counts = try res.content.decode(AssignmentAPIController.CountsDTO.self)
                    #expect(counts.counts["completed-on-time"] == 1 && counts.counts["overdue"] == 0 && counts.total == 1)
                }
                try await app.testing().test(.GET, "/api/v1/assignments/\(task.id!.uuidString)", headers: auth) { res in
                    let one = try res.content.decode(AssignmentAPIController.AssignmentDTO.self)
                    #expect(one.updates?.count == 2 && one.updates?.last?.files.first?.sha256 == file.sha256)
                }
                try await app.testing().test(.GET, "/api/v1/assignments?status=late", headers: auth) { res in #expect(res.status == .badRequest) }
                let otherToken = try await app.token(for: "tn-api", role: .communeOfficer, unit: "11560")
                try await app.testing().test(.GET, "/api/v1/assignments/\(task.id!.uuidString)", headers: ["Authorization": "Bearer \(otherToken)"]) { res in
                    #expect(res.status == .forbidden)
                }
                try await app.testing().test(.GET, "/api/v1/assignments?unit=11311", headers: ["Authorization": "Bearer \(otherToken)"]) { res in
                    #expect(res.status == .forbidden)
                }
            }
        }

        /// A program reports progress through the API: the same checks as the page (a completion
        /// without evidence is refused with the reason, nothing stored), a multipart report with a
        /// PDF completes it, and another ward's token is refused.
        @Test func aProgramReportsProgressThroughTheAPI() async throws {
            try await withSafeguardApp { app in
                try await Fixtures.assign(app, unit: "11311", title: "Tổng hợp số liệu tháng", due: 5)
                let task = try #require(try await Assignment.query(on: app.db).first())
                let path = "/api/v1/assignments/\(task.id!.uuidString)/updates"
                let token = try await app.token(for: "hb-api", role: .communeOfficer, unit: "11311")
                let auth: HTTPHeaders = ["Authorization": "Bearer \(token)"]
                struct Progress: Content { var text: String; var percent: Int }
                try await app.testing().test(.POST, path, headers: auth, beforeRequest: { req in
                    try req.content.encode(Progress(text: "Đã nhập 80% số liệu", percent: 80), as: .json)
                }) { res in
                    #expect(res.status == .created)
                    let one = try res.content.decode(AssignmentAPIController.AssignmentDTO.self)
                    #expect(one.progress == 80 && one.updates?.count == 1 && one.completedOn == nil)
                }
                struct Completion: Content { var text: String; var completes: Bool }
                try await app.testing().test(.POST, path, headers: auth, beforeRequest: { req in
                    try req.content.encode(Completion(text: "Xong", completes: true), as: .json)
                }) { res in
                    #expect(res.status == .unprocessableEntity && res.body.string.contains("«Minh chứng»: Bắt buộc nhập."))
                }
                #expect(try await ProgressUpdate.query(on: app.db).count() == 1)
                let boundary = "safeguard-test-boundary"
                var body = ""
                for (name, value) in [("text", "Đã gửi báo cáo tổng hợp"), ("completes", "true")] {
                    body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
                }
                body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"files[]\"; filename=\"bao-cao.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
                var bytes = ByteBuffer(string: body)
                bytes.writeBytes(Fixtures.pdf)
                bytes.writeString("\r\n--\(boundary)--\r\n")
                var headers = auth
                headers.contentType = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
                try await app.testing().test(.POST, path, headers: headers, body: bytes) { res in
                    #expect(res.status == .created)
                    let one = try res.content.decode(AssignmentAPIController.AssignmentDTO.self)
                    #expect(one.completedOn == TestCalendar.today.description && one.updates?.last?.files.first?.name == "bao-cao.pdf")
                }
                let other = try await app.token(for: "tn-api", role: .communeOfficer, unit: "11560")
                try await app.testing().test(.POST, path, headers: ["Authorization": "Bearer \(other)"], beforeRequest: { req in
                    try req.content.encode(["text": "x"] as [String: String], as: .json)
                }) { res in #expect(res.status == .forbidden) }
            }
        }
    
        /// Over a real connection a large upload arrives in pieces; the CSRF check must wait for the
        /// whole body (it once read a body not yet there and refused the form).
        @Test func aLargeUploadOverTheNetworkPassesTheCSRFCheck() async throws {
            try await withSafeguardApp { app in
                try await Fixtures.assign(app, unit: "11311", title: "Nộp biên bản kiểm tra", due: 5)
                let task = try #require(try await Assignment.query(on: app.db).first())
                let link = "/tasks/\(task.id!.uuidString)"
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                var ward = Browser(app)
                try await ward.login("hb")
                // From here over the network (the test client follows the redirect: 200 is the task page after 303).
                ward.port = 0
                let large = Fixtures.pdf + Data(repeating: 0x20, count: 3_000_000) + Data("%%EOF\n".utf8)
                let done = try await ward.post("\(link)/updates", fields: [("text", "Biên bản kiểm tra 30 cơ sở"), ("completes", "on")],
                                               files: [("files[]", "bien-ban.pdf", large)], csrfFrom: link)
                #expect(done.status == .ok && done.body.string.contains("Hoàn thành đúng hạn"))
                #expect(try await EvidenceFile.query(on: app.db).first()?.size == large.count)
                // Without the token the whole body is read and still refused.
                let forged = try await ward.post("/my-plan", form: ["ownTasks": String(repeating: "x", count: 12_000), "action": "save"])
                #expect(forged.status == .forbidden)
            }
        }
}
}
