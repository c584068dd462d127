import Fluent
import Testing
import Vapor
import VaporTesting
@testable import SafeguardCore
@testable import SafeguardServer

extension ServerTests {
    /// Activities: a ward records a propaganda session with a PDF (a disguised file
    /// and a future date are refused, nothing stored); the list counts it; the file comes back as an
    /// attachment; the ward's monthly report shows the session beside its own figure.
    @Suite struct OutreachTests {
        @Test func aWardRecordsASessionThatTheReportCounts() async throws {
            try await withSafeguardApp { app in
                try await app.createUser("hb", role: .communeOfficer, unit: "11311")
                var ward = Browser(app)
                try await ward.login("hb")
                let (period, _) = Fixtures.periods()
                let day = period.end.description
                let future = TestCalendar.today.adding(days: 2).description
                let bad = try await ward.post("/events", fields: [("title", "Tuyên truyền phòng chống lừa đảo"), ("kind", "propaganda"), ("heldOn", future)],
                                              files: [("files[]", "anh.pdf", Fixtures.png)], csrfFrom: "/events/new")
                #expect(bad.status == .unprocessableEntity && bad.body.string.contains("«Ngày tổ chức»") && bad.body.string.contains("anh.pdf"))
                // Each message beside its field, the field marked, the list linking to it, what was typed kept.
                let page = bad.body.string
                #expect(page.contains(#"<p class="field-error" id="f-held_on-error">«Ngày tổ chức»"#))
                #expect(page.contains(#"id="f-held_on" name="heldOn" type="date" value="\#(future)" required aria-invalid="true" aria-describedby="f-held_on-error""#))
                #expect(page.contains(#"id="f-evidence-error">"#) && page.contains(##"href="#f-held_on""##))
                #expect(page.contains(#"value="Tuyên truyền phòng chống lừa đảo""#) && !page.contains("f-title-error"))
                #expect(try await OutreachEventRecord.query(on: app.db).count() == 0)
                let made = try await ward.post("/events", fields: [("title", "Tuyên truyền phòng chống lừa đảo"), ("kind", "propaganda"), ("heldOn", day),
                                                                   ("participants", "85")], files: [("files[]", "bien-ban.pdf", Fixtures.pdf)], csrfFrom: "/events/new")
                #expect(made.status == .seeOther)
                let event = try #require(try await OutreachEventRecord.query(on: app.db).with(\.$files).first())
                #expect(event.heldMonth == period.months.upperBound.code && event.files.count == 1)
                let list = try await ward.get("/events?year=\(period.year)").body.string
                #expect(list.contains("Tuyên truyền phòng chống lừa đảo") && list.contains("1 · 85 người"))
                let file = try await ward.get("/events/evidence/\(try event.files[0].requireID().uuidString)")
                #expect(file.status == .ok && file.headers.first(name: .contentDisposition)?.hasPrefix("attachment;") == true
                    && Data(file.body.readableBytesView) == Fixtures.pdf)
                let report = try await ward.get("/reports/commune_monthly/\(period)").body.string
                #expect(report.contains("Theo sổ hoạt động của kỳ: 1 buổi tuyên truyền, 85 lượt người tham dự."))
                try await app.createUser("tn", role: .communeOfficer, unit: "11560")
                var other = Browser(app)
                try await other.login("tn")
                #expect(try await other.get("/events/\(try event.requireID().uuidString)").status == .forbidden)
            }
        }
    }
}
