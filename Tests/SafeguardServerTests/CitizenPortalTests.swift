import Crypto
import Fluent
import Foundation
import SafeguardCore
import Testing
import Vapor
import VaporTesting
@testable import SafeguardServer

extension ServerTests {
    /// The citizens' portal (issue 19): an anonymous citizen sends a report with a photo, keeps the
    /// receipt, talks with the ward's officer through it and answers once it is resolved; nothing
    /// about the device is kept; a confidential reporter is seen by the receiving ward alone; the
    /// abuse controls refuse robots, replays and files that are not what they claim.
    @Suite struct CitizenPortalTests {
        /// The citizen's address as the load balancer reports it.
        static let address = "203.0.113.77"

        /// A citizen's browser: no cookies kept on purpose — each response is checked to set none.
        struct Citizen {
            let app: Application

            func send(_ method: HTTPMethod, _ path: String, headers extra: HTTPHeaders = [:], body: ByteBuffer? = nil) async throws -> TestingHTTPResponse {
                var headers = extra
                headers.add(name: "X-Forwarded-For", value: CitizenPortalTests.address)
                var result: TestingHTTPResponse?
                try await app.testing(method: .running(hostname: "127.0.0.1", port: 0)).test(method, path, headers: headers, body: body) { result = $0 }
                let response = result!
                #expect(!response.headers[.setCookie].contains { $0.hasPrefix("safeguard-session") }, "\(path) sets a session cookie")
                return response
            }

            func form(_ path: String, _ fields: [String: String]) async throws -> TestingHTTPResponse {
                var components = URLComponents()
                components.queryItems = fields.map { URLQueryItem(name: $0.key, value: $0.value) }
                let body = (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
                return try await send(.POST, path, headers: ["Content-Type": "application/x-www-form-urlencoded"], body: ByteBuffer(string: body))
            }

            /// Opens the form, does the proof of work, sends the report; returns the receipt page.
            func submit(_ fields: [String: String], files: [(String, Data)] = [], solve: Bool = true) async throws -> TestingHTTPResponse {
                let page = try await send(.GET, "/tip/new").body.string
                let challenge = try #require(CitizenPortalTests.field("pow_challenge", in: page))
                var all = fields.map { ($0.key, $0.value) } + [("pow_challenge", challenge)]
                if solve { all.append(("pow_nonce", CitizenPortalTests.solve(challenge))) }
                let (headers, body) = Multipart.body(fields: all, files: files.map { (field: "files[]", name: $0.0, bytes: $0.1) })
                return try await send(.POST, "/tip/new", headers: headers, body: body)
            }
        }

        static func field(_ name: String, in html: String) -> String? {
            guard let range = html.range(of: "name=\"\(name)\" value=\"([^\"]*)\"", options: .regularExpression) else { return nil }
            return String(html[range].dropFirst("name=\"\(name)\" value=\"".count).dropLast())
        }

        /// The nonce a browser would find.
        static func solve(_ challenge: String) -> String {
            let difficulty = Int(challenge.split(separator: ".")[1])!
            var nonce = 0
            while ProofOfWork.leadingZeroBits(SHA256.hash(data: Data("\(challenge):\(nonce)".utf8))) < difficulty { nonce += 1 }
            return String(nonce)
        }

        static func receipt(in html: String) -> String? { field("receipt", in: html) }

        static let photo = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]) + Data("ảnh-hiện-trường".utf8)

        static func settings(_ settings: inout Settings) {
            settings.trustedProxies = TrustedProxies(parsing: "127.0.0.1")!
            settings.tipProofBits = 8
        }

        @Test func anAnonymousCitizenIsAnsweredThroughTheReceiptAlone() async throws {
            try await withSafeguardApp(settings: Self.settings) { app in
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                try await app.createUser("so", role: .standingOffice, unit: "31-CATP")
                let sessionsBefore = try await StoredSession.query(on: app.db).count()
                let citizen = Citizen(app: app)
                #expect(try await citizen.send(.GET, "/tip").body.string.contains("Ma túy"))
                // Diacritics or not, the commune is found.
                #expect(try await citizen.send(.GET, "/tip/new?q=hong%20bang").body.string.contains(#"<option value="11311" selected>Phường Hồng Bàng"#))
                let sent = try await citizen.submit(["category": "drugs", "commune": "11311", "description": "Có người bán ma túy ở ngõ 7 phố Đánh-Dấu-19",
                                                     "mode": "anonymous", "reporter_name": "Không-Được-Lưu-19"], files: [("anh.png", Self.photo)])
                #expect(sent.status == .ok, "\(sent.body.string.prefix(800))")
                let receipt = try #require(Self.receipt(in: sent.body.string))
                #expect(Receipt(typed: receipt) != nil)
                // The receipt page will not move on until the citizen shows they saved it.
                #expect(try await citizen.form("/tip/receipt", ["receipt": receipt, "last_group": "00000"]).status == .unprocessableEntity)
                let confirmed = try await citizen.form("/tip/receipt", ["receipt": receipt, "last_group": String(receipt.filter(\.isNumber).suffix(5))])
                #expect(confirmed.status == .ok && confirmed.body.string.contains("Đã tiếp nhận"))

                let report = try #require(try await CitizenReport.query(on: app.db).first())
                #expect(report.mode == .anonymous && report.reporter == nil && report.communeCode == "11311")
                #expect(try await CitizenAttachment.query(on: app.db).count() == 1)

                // The ward's officer: the queue, a question.
                var hb = Browser(app)
                try await hb.login("hb")
                #expect(try await hb.get("/tips").body.string.contains(report.publicID))
                let page = try await hb.get("/tips/\(report.publicID)").body.string
                #expect(page.contains("Đánh-Dấu-19") && page.contains("Ẩn danh: không có thông tin"))
                #expect(try await hb.post("/tips/\(report.publicID)/messages", form: ["text": "Người bán thường đến lúc mấy giờ?"],
                                          csrfFrom: "/tips/\(report.publicID)").status == .seeOther)
                let asked = try await citizen.form("/tip/status", ["receipt": receipt]).body.string
                #expect(asked.contains("Người bán thường đến lúc mấy giờ?") && asked.contains("Công an phường Hồng Bàng") && !asked.contains(">hb<"))
                #expect(try await citizen.form("/tip/message", ["receipt": receipt, "text": "Khoảng 21 giờ hằng ngày"]).status == .ok)
                #expect(try await hb.get("/tips/\(report.publicID)").body.string.contains("Khoảng 21 giờ hằng ngày"))

                // Verified: a crime report (tin báo) received today, its deadline shown; then resolved.
                #expect(try await hb.post("/tips/\(report.publicID)/actions", form: ["action": "open-crime-report"], csrfFrom: "/tips/\(report.publicID)").status == .seeOther)
                let crime = try #require(try await CrimeReport.query(on: app.db).filter(\.$code == "TB-\(report.publicID)").first())
                #expect(crime.kind == .information && crime.receivedOn == TestCalendar.today.description && crime.deadlineOn != nil)
                #expect(try await citizen.form("/tip/status", ["receipt": receipt]).body.string.contains("Đang giải quyết theo quy định"))
                // A report in procedure is not closed unheard.
                #expect(try await hb.post("/tips/\(report.publicID)/actions", form: ["action": "close", "note": "x"], csrfFrom: "/tips/\(report.publicID)").status == .unprocessableEntity)
                #expect(try await hb.post("/tips/\(report.publicID)/actions", form: ["action": "resolve", "note": "Đã bắt giữ người bán"],
                                          csrfFrom: "/tips/\(report.publicID)").status == .seeOther)
                let done = try await citizen.form("/tip/status", ["receipt": receipt]).body.string
                #expect(done.contains("Đã giải quyết") && done.contains("Đã bắt giữ người bán") && done.contains("đã được xử lý chưa"))
                #expect(try await citizen.form("/tip/feedback", ["receipt": receipt, "answer": "yes"]).body.string.contains("Đã được xử lý"))
                #expect(try await CitizenReport.query(on: app.db).first()?.feedback == "yes")

                // Nothing about the device: no session made, no address anywhere; the name given anyway not kept.
                #expect(try await StoredSession.query(on: app.db).count() == sessionsBefore + 1)  // the officer's
                for marker in [Self.address, "Không-Được-Lưu-19", "Đánh-Dấu-19", "ảnh-hiện-trường", receipt.filter(\.isNumber)] {
                    #expect(try await FieldEncryptionTests.storageHolds(marker, app) == false, "«\(marker)» is stored")
                }
                #expect(try await AuditEntry.query(on: app.db).filter(\.$actor == TipDesk.portalActor).all().allSatisfy { $0.ip == nil })
                // A wrong receipt opens nothing.
                #expect(try await citizen.form("/tip/status", ["receipt": "12345 12345 12345 12345 12345"]).status == .notFound)
                // Open311: the status by the public number, and nothing the citizen wrote.
                let open311 = try await citizen.send(.GET, "/open311/v2/requests/\(report.publicID).json")
                #expect(open311.status == .ok && open311.body.string.contains("\"status\":\"closed\"") && !open311.body.string.contains("Đánh-Dấu"))
                #expect(try await citizen.send(.GET, "/open311/v2/services.json").body.string.contains("\"service_code\":\"drugs\""))
                #expect(try await citizen.send(.GET, "/open311/v2/requests.json?service_request_id=\(report.publicID)&status=closed").body.string.contains(report.publicID))
                #expect(try await citizen.send(.GET, "/open311/v2/requests.json?service_request_id=\(report.publicID)&status=maybe").status == .badRequest)
                // No list of every report.
                #expect(try await citizen.send(.GET, "/open311/v2/requests.json").status == .badRequest)
                // The statistics count it, answered and finished in time.
                let stats = try await citizen.send(.GET, "/tip/statistics").body.string
                #expect(stats.contains("Phường Hồng Bàng") && stats.contains("100%"))
            }
        }

        @Test func aConfidentialReporterIsKnownToTheReceivingWardAloneAndTheClockRunsAtOnce() async throws {
            try await withSafeguardApp(settings: Self.settings) { app in
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                try await app.createUser("so", role: .standingOffice, unit: "31-CATP")
                let citizen = Citizen(app: app)
                let sent = try await citizen.submit(["category": "theft", "commune": "11311", "description": "Mất xe máy",
                                                     "mode": "confidential", "reporter_name": "Trần Thị Tố-Giác-19", "reporter_contact": "0912 000 119"])
                #expect(sent.status == .ok)
                let report = try #require(try await CitizenReport.query(on: app.db).first())
                // An identified denunciation: a crime report received now, its clock running.
                #expect(report.state == .inProcedure && report.crimeReportCode == "TG-\(report.publicID)")
                let crime = try #require(try await CrimeReport.query(on: app.db).filter(\.$code == "TG-\(report.publicID)").first())
                #expect(crime.kind == .denunciation && crime.deadlineOn != nil)
                #expect(try await FieldEncryptionTests.storageHolds("Tố-Giác-19", app) == false)
                var hb = Browser(app), so = Browser(app)
                try await hb.login("hb"); try await so.login("so")
                #expect(try await hb.get("/tips/\(report.publicID)").body.string.contains("Trần Thị Tố-Giác-19"))
                let office = try await so.get("/tips/\(report.publicID)").body.string
                #expect(office.contains("Mất xe máy") && !office.contains("Tố-Giác-19") && office.contains("chỉ cán bộ của đơn vị tiếp nhận"))
                // The crime report names the portal, not the reporter.
                #expect(try await app.fieldCipher.open(crime.source, for: .reportSource, on: app.db).contains("Tố-Giác") == false)
            }
        }

        @Test func robotsReplaysAndFalseFilesAreRefusedAndNothingIsStored() async throws {
            try await withSafeguardApp(settings: Self.settings) { app in
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                let citizen = Citizen(app: app)
                let fields = ["category": "drugs", "commune": "11311", "description": "x", "mode": "anonymous"]
                // The honeypot: told thanks, nothing kept.
                var trapped = fields
                trapped["website"] = "http://spam.example"
                #expect(try await citizen.submit(trapped).status == .ok)
                // No proof of work and a form sent at once.
                #expect(try await citizen.submit(fields, solve: false).status == .unprocessableEntity)
                // A page or a program named as a photo.
                let fake = try await citizen.submit(fields, files: [("anh.jpg", Data("<html><script>alert(1)</script></html>".utf8))])
                #expect(fake.status == .unprocessableEntity && fake.body.string.contains("anh.jpg"))
                #expect(try await CitizenReport.query(on: app.db).count() == 0)
                // A stamp is good once.
                let page = try await citizen.send(.GET, "/tip/new").body.string
                let challenge = try #require(Self.field("pow_challenge", in: page))
                let nonce = Self.solve(challenge)
                func send() async throws -> TestingHTTPResponse {
                    let (headers, body) = Multipart.body(fields: fields.map { ($0.key, $0.value) } + [("pow_challenge", challenge), ("pow_nonce", nonce)], files: [])
                    return try await citizen.send(.POST, "/tip/new", headers: headers, body: body)
                }
                let first = try await send()
                #expect(first.status == .ok, "\(first.status) \(first.body.string.replacingOccurrences(of: "\n", with: " ").prefix(3000))")
                #expect(try await send().status == .unprocessableEntity)
                // A forged challenge, and a wrong nonce.
                let (h1, b1) = Multipart.body(fields: fields.map { ($0.key, $0.value) } + [("pow_challenge", "1.0.00.00"), ("pow_nonce", "1")], files: [])
                #expect(try await citizen.send(.POST, "/tip/new", headers: h1, body: b1).status == .unprocessableEntity)
                #expect(try await CitizenReport.query(on: app.db).count() == 1)
            }
        }

        @Test func lookUpsNeverUseUpAReportsPlace() async {
            let limits = PortalLimits(), now = Date(timeIntervalSince1970: 1_800_000_000)
            for _ in 0..<PortalLimits.lookupsPerAddress.count { _ = await limits.allow("same-address", PortalLimits.lookupsPerAddress, now: now) }
            #expect(await limits.allow("same-address", PortalLimits.lookupsPerAddress, now: now) == false)
            #expect(await limits.allow("same-address", PortalLimits.submissionsPerAddress, now: now))
            // The next day the address's hashes are forgotten.
            #expect(await limits.allow("same-address", PortalLimits.lookupsPerAddress, now: now.addingTimeInterval(86_400)))
        }

        @Test func aChannelNobodyReadsIsNotOfferedAndAnUnstaffedCommuneFallsToTheCity() async throws {
            try await withSafeguardApp(settings: Self.settings) { app in
                let citizen = Citizen(app: app)
                // Nobody at all: nothing is offered.
                #expect(!(try await citizen.send(.GET, "/tip/new").body.string.contains("value=\"drugs\"")))
                // One ward's officer: the communes' channels are offered, the City Police's not; an unstaffed commune is refused with its reason.
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                let partial = try await citizen.send(.GET, "/tip/new").body.string
                #expect(partial.contains("value=\"drugs\"") && !partial.contains("value=\"online-fraud\""))
                let refused = try await citizen.submit(["category": "gambling", "commune": "11560", "description": "Lô đề", "mode": "anonymous"])
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains("#f-commune"))
                try await app.createUser("so", role: .standingOffice, unit: "31-CATP")
                let form = try await citizen.send(.GET, "/tip/new").body.string
                #expect(form.contains("value=\"drugs\"") && form.contains("value=\"online-fraud\""))
                // Thủy Nguyên has no officer account: its report goes to the City Police, whose accounts
                // are then the receiving unit's officers and see a confidential reporter.
                #expect(try await citizen.submit(["category": "gambling", "commune": "11560", "description": "Lô đề", "mode": "confidential",
                                                  "reporter_name": "Người Báo-19-CATP", "reporter_contact": "0900"]).status == .ok)
                let report = try #require(try await CitizenReport.query(on: app.db).first())
                #expect(report.communeCode == "31-CATP")
                var so = Browser(app)
                try await so.login("so")
                #expect(try await so.get("/tips/\(report.publicID)").body.string.contains("Người Báo-19-CATP"))
            }
        }
    }
}
