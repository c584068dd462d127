import Foundation
import Testing
import Vapor
import VaporTesting
@testable import SafeguardServer
import SafeguardCore

extension ServerTests {
    /// A browser gets an error as a page in its language with a way back; a program asking for
    /// JSON, and the API, get JSON — with the fields at fault when the core refused the body.
    @Suite struct ErrorPageTests {
        /// What Chromium sends for a navigation: `*/*` must not count as asking for JSON.
        static let chromiumAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"

        @Test func aBrowserGetsAPageInItsLanguage() async throws {
            try await withSafeguardApp(seed: false) { app in
                try await app.testing().test(.GET, "/khong-co-trang-nay", headers: ["Accept": Self.chromiumAccept, "Accept-Language": "vi-VN,vi;q=0.9"]) { res in
                    #expect(res.status == .notFound)
                    #expect(res.headers.contentType?.subType == "html")
                    #expect(res.body.string.contains("Không tìm thấy trang.") && res.body.string.contains(#"<a href="/">"#))
                    #expect(!res.body.string.hasPrefix("{"))
                }
                try await app.testing().test(.GET, "/khong-co-trang-nay", headers: ["Accept": Self.chromiumAccept, "Accept-Language": "en"]) { res in
                    #expect(res.status == .notFound && res.headers.contentType?.subType == "html" && !res.body.string.contains("Không tìm thấy"))
                }
                try await app.testing().test(.GET, "/khong-co-trang-nay", headers: ["Accept": "application/json"]) { res in
                    #expect(res.status == .notFound && res.headers.contentType == .json)
                    let answer = try res.content.decode(ErrorPageMiddleware.ErrorBody.self)
                    #expect(answer.error && answer.reason == "Không tìm thấy trang.")
                }
            }
        }

        @Test func theAPINamesTheFieldsTheCoreRefused() async throws {
            try await withSafeguardApp { app in
                let token = try await app.token(for: "hb", role: .communeOfficer, unit: "11311")
                let body = #"{"name":"Mô hình","field":"anti-drug","startedOn":"2027-12-10"}"#
                try await app.testing().test(.POST, "/api/v1/models", headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
                                             body: ByteBuffer(string: body)) { res in
                    #expect(res.status == .unprocessableEntity)
                    let answer = try res.content.decode(ErrorPageMiddleware.ErrorBody.self)
                    let problem = try #require(answer.errors?.first)
                    #expect(problem.field == "started_on" && problem.code == "date-in-future")
                    #expect(problem.message.contains("Ngày") && answer.reason.contains(problem.message))
                }
            }
        }
    }
}
