import Fluent
import Testing
import Vapor
import VaporTesting
@testable import SafeguardCore
@testable import SafeguardServer

extension ServerTests {
    /// The periodic reports through the API: the page's checks and workflow (`ReportDesk`), the
    /// completeness matrix, the city's consolidation and the notifications.
    @Suite struct PeriodicReportAPITests {
        static let values: [String: String] = [
            "propaganda_sessions": "4", "propaganda_participants": "320", "cyberspace_run": "true", "villages": "12",
            "drug_free_villages": "9", "mediation_cases.land": "2", "mediation_successful": "2",
        ]

        static func body(_ values: [String: String], submit: Bool) throws -> ByteBuffer {
            struct Input: Encodable { var values: [String: String]; var submit: Bool }
            return ByteBuffer(data: try JSONEncoder().encode(Input(values: values, submit: submit)))
        }

        @Test func aWardSendsItsReportAndTheOfficeReviewsIt() async throws {
            try await withSafeguardApp { app in
                let (period, _) = Fixtures.periods()
                let ward = try await app.token(for: "hb", role: .communeOfficer, unit: "11311")
                let office = try await app.token(for: "office", role: .standingOffice, unit: "31-CATP")
                func headers(_ token: String) -> HTTPHeaders { ["Authorization": "Bearer \(token)", "Content-Type": "application/json"] }
                let path = "/api/v1/periodic-reports/commune_monthly/\(period)"
                try await app.testing().test(.GET, "/api/v1/report-forms", headers: headers(ward)) { res in
                    let forms = try res.content.decode([ReportForm].self)
                    #expect(forms.map(\.code) == ["commune_monthly", "department_quarterly"])
                    #expect(forms[0].elements.first { $0.code == "villages" }?.aggregation == .stock)
                }
                // A cell that does not fit is named under values.<cell>; nothing is stored.
                var bad = Self.values
                bad["propaganda_sessions"] = "nhiều"
                try await app.testing().test(.PUT, path, headers: headers(ward), body: try Self.body(bad, submit: false)) { res in
                    #expect(res.status == .unprocessableEntity && res.body.string.contains("\"field\":\"values.propaganda_sessions\""))
                }
                #expect(try await ReportSubmission.query(on: app.db).count() == 0)
                // A blocking rule refuses sending; the values stay as a draft.
                var broken = Self.values
                broken["drug_free_villages"] = "15"
                try await app.testing().test(.PUT, path, headers: headers(ward), body: try Self.body(broken, submit: true)) { res in
                    #expect(res.status == .unprocessableEntity && res.body.string.contains("không được lớn hơn"))
                }
                try await app.testing().test(.GET, path, headers: headers(ward)) { res in
                    let report = try res.content.decode(PeriodicReportAPIController.ReportDTO.self)
                    #expect(report.state == .draft && report.values["drug_free_villages"] == "15")
                }
                try await app.testing().test(.PUT, path, headers: headers(ward), body: try Self.body(Self.values, submit: true)) { res in
                    let report = try res.content.decode(PeriodicReportAPIController.ReportDTO.self)
                    #expect(res.status == .ok && report.state == .submitted && report.history.map(\.action) == ["submit"])
                }
                // The office enters nothing; it returns (a reason needed), and the ward hears of it.
                try await app.testing().test(.PUT, path + "?unit=11311", headers: headers(office), body: try Self.body(Self.values, submit: false)) { res in
                    #expect(res.status == .forbidden)
                }
                try await app.testing().test(.POST, path + "/review?unit=11311", headers: headers(office), body: ByteBuffer(string: #"{"action": "return"}"#)) { res in
                    #expect(res.status == .unprocessableEntity)
                }
                try await app.testing().test(.POST, path + "/review?unit=11311", headers: headers(office), body: ByteBuffer(string: #"{"action": "return", "reason": "Thiếu số liệu hòa giải"}"#)) { res in
                    let report = try res.content.decode(PeriodicReportAPIController.ReportDTO.self)
                    #expect(report.state == .returned && report.returnReason == "Thiếu số liệu hòa giải")
                }
                try await app.testing().test(.GET, "/api/v1/notifications?unread=true", headers: headers(ward)) { res in
                    let list = try res.content.decode([NotificationAPIController.NotificationDTO].self)
                    #expect(list.contains { $0.kind == Notification.reportReturned && $0.subject.contains("Thiếu số liệu hòa giải") })
                    #expect(res.headers.first(name: "X-Total-Count") == String(list.count))
                }
                try await app.testing().test(.POST, "/api/v1/notifications/read", headers: headers(ward)) { res in
                    let read = try res.content.decode(NotificationAPIController.ReadDTO.self)
                    #expect(read.marked >= 1)
                }
                try await app.testing().test(.PUT, path, headers: headers(ward), body: try Self.body(Self.values, submit: true)) { res in #expect(res.status == .ok) }
                try await app.testing().test(.POST, path + "/review?unit=11311", headers: headers(office), body: ByteBuffer(string: #"{"action": "approve"}"#)) { res in
                    let report = try res.content.decode(PeriodicReportAPIController.ReportDTO.self)
                    #expect(report.state == .approved && report.history.map(\.action) == ["submit", "return", "submit", "approve"])
                }
                try await app.testing().test(.POST, path + "/review?unit=11311", headers: headers(office), body: ByteBuffer(string: #"{"action": "submit"}"#)) { res in
                    #expect(res.status == .badRequest)
                }
                // A period nobody has reported on has no report to review (the fuzzer's case: 404, not a malformed request).
                try await app.testing().test(.POST, "/api/v1/periodic-reports/commune_monthly/2100-M12/review?unit=11560", headers: headers(office),
                                             body: ByteBuffer(string: #"{"action": "return", "reason": "x", "extra": true}"#)) { res in
                    #expect(res.status == .notFound)
                }
                // Who has reported, and the city's consolidation of it.
                try await app.testing().test(.GET, "/api/v1/periodic-reports/commune_monthly/completeness?unit=11311&year=\(period.year)", headers: headers(office)) { res in
                    let matrix = try res.content.decode(PeriodicReportAPIController.CompletenessDTO.self)
                    let column = try #require(matrix.periods.firstIndex(of: period.description))
                    // First sent on 4 December for a month that closed on 14 November (3 days to report): late.
                    #expect(matrix.units.first { $0.unit == "11311" }?.statuses[column] == .late)
                    #expect(matrix.units.first { $0.unit == "11311" }?.completeness != nil)
                }
                try await app.testing().test(.GET, "/api/v1/city-report?period=\(period)", headers: headers(office)) { res in
                    let city = try res.content.decode(PeriodicReportAPIController.CityReportDTO.self)
                    let section = try #require(city.sections.first { $0.form == "commune_monthly" })
                    #expect(section.approved == 1 && city.targets.count == 10)
                    #expect(section.lines.first { $0.key == "villages" }.map { $0.total == 12 && $0.aggregation == .stock } == true)
                }
                try await app.testing().test(.GET, "/api/v1/city-report", headers: headers(ward)) { res in #expect(res.status == .forbidden) }
            }
        }
    }
}
