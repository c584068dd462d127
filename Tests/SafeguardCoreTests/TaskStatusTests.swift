import Foundation
import Testing
@testable import SafeguardCore

@Suite struct TaskStatusTests {
    let due = CalendarDate(iso: "2026-11-30")!

    @Test func everyBranchOfTheFourWayStatus() {
        func status(_ completed: String?, today: String, due: CalendarDate? = CalendarDate(iso: "2026-11-30")) -> TaskStatus {
            TaskStatus.classify(due: due, completedOn: completed.flatMap(CalendarDate.init(iso:)), today: CalendarDate(iso: today)!)
        }
        #expect(status("2026-11-30", today: "2026-12-05") == .completedOnTime)  // on the due day is on time
        #expect(status("2026-11-12", today: "2026-11-13") == .completedOnTime)
        #expect(status("2026-12-01", today: "2026-12-05") == .completedLate)
        #expect(status(nil, today: "2026-11-30") == .inProgress)
        #expect(status(nil, today: "2026-12-01") == .overdue)
        #expect(status(nil, today: "2027-06-01", due: nil) == .inProgress)       // no deadline: never late
        #expect(status("2027-06-01", today: "2027-06-01", due: nil) == .completedOnTime)
        #expect(TaskStatus.completedLate.isDone && !TaskStatus.overdue.isDone)
    }

    @Test func dueSoonIsAFlagOnWorkStillInTime() {
        func soon(_ today: String, completed: String? = nil) -> Bool {
            TaskStatus.isDueSoon(due: due, completedOn: completed.flatMap(CalendarDate.init(iso:)), today: CalendarDate(iso: today)!, days: 7)
        }
        #expect(soon("2026-11-23") && soon("2026-11-30"))
        #expect(!soon("2026-11-22") && !soon("2026-12-01") && !soon("2026-11-28", completed: "2026-11-27"))
    }

    /// The day is Việt Nam's: 17:30 UTC on 30/11 is already 1 December in Hà Nội, so a task due
    /// 30/11 is late then, though it is still 30/11 in UTC.
    @Test func theDayIsHaNoisNotUTCs() throws {
        let instant = try #require(ISO8601DateFormatter().date(from: "2026-11-30T17:30:00Z"))
        #expect(CalendarDate(instant).description == "2026-12-01")
        #expect(TaskStatus.classify(due: due, completedOn: nil, today: CalendarDate(instant)) == .overdue)
        let evening = try #require(ISO8601DateFormatter().date(from: "2026-11-30T16:59:00Z"))  // 23:59 in Hà Nội
        #expect(TaskStatus.classify(due: due, completedOn: nil, today: CalendarDate(evening)) == .inProgress)
    }
}

@Suite struct AssignmentDraftTests {
    let today = CalendarDate(iso: "2026-11-29")!

    @Test func aCompleteDraftIsAccepted() throws {
        let draft = AssignmentDraft(title: " Kiểm tra địa bàn chợ ", responsible: "Đ/c Nguyễn Văn A", due: "13/12/2026", expectedResult: "Báo cáo kết quả")
        let valid = try draft.validate(today: today).get()
        #expect(valid.title == "Kiểm tra địa bàn chợ" && valid.due.description == "2026-12-13")
        #expect(try AssignmentDraft(title: "x", responsible: "y", due: "2026-11-29", expectedResult: "z").validate(today: today).get().due == today)
    }

    @Test func everyProblemIsNamedAtOnce() {
        let result = AssignmentDraft(title: "", responsible: nil, due: "2026-11-28", expectedResult: String(repeating: "a", count: 1001)).validate(today: today)
        guard case .failure(let errors) = result else { Issue.record("accepted"); return }
        #expect(errors.errors == [FieldError("title", .required), FieldError("responsible", .required), FieldError("expected", .outOfRange("≤ 1000")),
                           FieldError("due", .dateInPast("2026-11-28"))])
        guard case .failure(let malformed) = AssignmentDraft(title: "a", responsible: "b", due: "31/02/2026", expectedResult: "c").validate(today: today) else { return }
        #expect(malformed.errors == [FieldError("due", .malformedDate("31/02/2026"))])
    }
}

@Suite struct RecurrenceTests {
    func days(_ r: Recurrence, _ year: Int = 2026) -> [String] { r.occurrences(in: year).map(\.description) }

    @Test func occurrencesFallOnTheirDaysShortMonthsClamped() {
        #expect(days(.monthly(day: 31)).prefix(3) == ["2026-01-31", "2026-02-28", "2026-03-31"])
        #expect(days(.monthly(day: 31), 2028)[1] == "2028-02-29")
        #expect(days(.monthly(day: 14)).count == 12)
        #expect(days(.quarterly(month: 3, day: 14)) == ["2026-03-14", "2026-06-14", "2026-09-14", "2026-12-14"])
        #expect(days(.yearly(month: 11, day: 30)) == ["2026-11-30"])
        #expect(days(.once(CalendarDate(iso: "2026-06-30")!)) == ["2026-06-30"] && days(.once(CalendarDate(iso: "2026-06-30")!), 2027).isEmpty)
    }

    /// A recurring task's instances are judged each on its own deadline.
    @Test func eachInstanceHasItsOwnStatus() {
        let today = CalendarDate(iso: "2026-04-20")!
        let instances = Recurrence.monthly(day: 14).occurrences(in: 2026).prefix(5)
        let done: [String: String] = ["2026-01-14": "2026-01-10", "2026-02-14": "2026-02-20", "2026-04-14": "2026-04-14"]
        let statuses = instances.map { TaskStatus.classify(due: $0, completedOn: done[$0.description].flatMap(CalendarDate.init(iso:)), today: today) }
        #expect(statuses == [.completedOnTime, .completedLate, .overdue, .completedOnTime, .inProgress])
    }

    @Test func readsCodesAndThePlansVietnamese() {
        for r in [Recurrence.once(CalendarDate(iso: "2026-11-30")!), .monthly(day: 14), .quarterly(month: 3, day: 14), .yearly(month: 11, day: 30)] {
            #expect(Recurrence(r.code) == r, "\(r.code)")
        }
        #expect(Recurrence("trước 30/11") == .yearly(month: 11, day: 30))
        #expect(Recurrence("Hằng tháng, trước ngày 14") == .monthly(day: 14))
        #expect(Recurrence("hằng quý, ngày 14 tháng cuối quý") == .quarterly(month: 3, day: 14))
        #expect(Recurrence("2026-12-15") == .once(CalendarDate(iso: "2026-12-15")!))
        for bad in ["trước 31/11", "monthly:0", "quarterly:4/1", "sometimes", "hằng tháng"] { #expect(Recurrence(bad) == nil, "\(bad)") }
    }
}

@Suite struct EvidenceTests {
    static let pdf = Array("%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n".utf8)
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]

    @Test func filesAreJudgedByTheirContent() throws {
        #expect(try EvidenceKind.of(name: "Bao cao.PDF", bytes: Self.pdf) == .pdf)
        #expect(try EvidenceKind.of(name: "anh.png", bytes: Self.png) == .png)
        #expect(try EvidenceKind.of(name: "anh.jpg", bytes: [0xFF, 0xD8, 0xFF, 0xE0]) == .jpeg)
        let docx = StoredZip.archive([("[Content_Types].xml", Array("<Types/>".utf8)), ("word/document.xml", Array("<w:document/>".utf8))])
        #expect(try EvidenceKind.of(name: "bien-ban.docx", bytes: docx) == .docx)
        // The names somewhere in the bytes are not enough: the archive's directory must list them.
        let pretender = [0x50, 0x4B, 0x03, 0x04] + Array("....[Content_Types].xml....word/document.xml....".utf8)
        #expect(throws: EvidenceKind.Refusal.contentMismatch(".docx")) { try EvidenceKind.of(name: "bien-ban.docx", bytes: pretender) }
        let mentions = StoredZip.archive([("[Content_Types].xml", Array("<Types/>".utf8)), ("notes.txt", Array("see word/document.xml".utf8))])
        #expect(throws: EvidenceKind.Refusal.contentMismatch(".docx")) { try EvidenceKind.of(name: "bien-ban.docx", bytes: mentions) }
        #expect(throws: EvidenceKind.Refusal.contentMismatch(".xlsx")) { try EvidenceKind.of(name: "bang.xlsx", bytes: docx) }
        #expect(throws: EvidenceKind.Refusal.contentMismatch(".pdf")) { try EvidenceKind.of(name: "gia.pdf", bytes: Self.png) }
        #expect(throws: EvidenceKind.Refusal.typeNotAllowed(".exe")) { try EvidenceKind.of(name: "setup.exe", bytes: [0x4D, 0x5A]) }
        #expect(throws: EvidenceKind.Refusal.typeNotAllowed(".html")) { try EvidenceKind.of(name: "x.html", bytes: Array("<html>".utf8)) }
        #expect(throws: EvidenceKind.Refusal.empty) { try EvidenceKind.of(name: "a.pdf", bytes: []) }
        #expect(throws: EvidenceKind.Refusal.tooLarge(limit: EvidenceKind.maximumSize)) {
            try EvidenceKind.of(name: "a.pdf", bytes: Self.pdf + [UInt8](repeating: 0x20, count: EvidenceKind.maximumSize))
        }
    }

    @Test func namesAreMadeSafe() {
        #expect(EvidenceKind.safeName("../../etc/passwd") == "passwd")
        #expect(EvidenceKind.safeName("C:\\Users\\a\\Biên bản họp (1).pdf") == "Biên bản họp (1).pdf")
        #expect(EvidenceKind.safeName("a\"; rm -rf <x>.pdf") == "a rm -rf x.pdf")
        #expect(EvidenceKind.safeName("..") == "tep" && EvidenceKind.safeName("") == "tep")
    }

    @Test func completionNeedsEvidenceAndAllOfTheWork() {
        func check(_ draft: ProgressDraft) -> [FieldError] {
            if case .failure(let e) = draft.validate() { return e.errors }
            return []
        }
        #expect(check(ProgressDraft(text: "Đã xong", percent: nil, completes: true, evidenceCount: 0, requiresEvidence: true)) == [FieldError("evidence", .required)])
        #expect(check(ProgressDraft(text: "Đã xong", percent: nil, completes: true, evidenceCount: 0, requiresEvidence: false)).isEmpty)
        #expect(check(ProgressDraft(text: " ", percent: "140", completes: false, evidenceCount: 6, requiresEvidence: true))
                == [FieldError("text", .required), FieldError("percent", .outOfRange("140")), FieldError("evidence", .outOfRange("≤ 5"))])
        #expect(try! ProgressDraft(text: "Xong", percent: "30", completes: true, evidenceCount: 1, requiresEvidence: true).validate().get().percent == 100)
    }
}

@Suite struct ReminderTests {
    @Test func aReminderForSoonAndForLateNoneForDoneOrFar() {
        let due = CalendarDate(iso: "2026-12-14")!
        func reminder(_ today: String, done: String? = nil) -> Reminder? {
            Reminder.due(deadline: due, completedOn: done.flatMap(CalendarDate.init(iso:)), today: CalendarDate(iso: today)!, days: 7)
        }
        #expect(reminder("2026-12-01") == nil && reminder("2026-12-07") == .dueSoon && reminder("2026-12-14") == .dueSoon)
        #expect(reminder("2026-12-15") == .overdue && reminder("2026-12-15", done: "2026-12-10") == nil)
    }
}

@Suite struct UnitPlanDraftTests {
    let today = CalendarDate(iso: "2026-03-10")!
    let known: Set<String> = ["II.1", "II.2", "II.3"]

    @Test func aDraftNeedsWorkAndAnIssueNeedsNumberDateAndSigner() throws {
        let draft = UnitPlanDraft(cityTasks: ["II.2", "II.1", "II.2"], ownTasks: "Tuần tra đêm tại chợ\n\n Họp tổ an ninh ", number: nil, issuedOn: nil, signer: nil)
        let valid = try draft.validate(issuing: false, known: known, today: today).get()
        #expect(valid.cityTasks == ["II.1", "II.2"] && valid.ownTasks == ["Tuần tra đêm tại chợ", "Họp tổ an ninh"] && valid.number == nil)
        guard case .failure(let issue) = draft.validate(issuing: true, known: known, today: today) else { Issue.record("issued without number"); return }
        #expect(issue.errors == [FieldError("number", .required), FieldError("signer", .required), FieldError("issued_on", .required)])
        var signed = draft
        (signed.number, signed.issuedOn, signed.signer) = ("15/KH-UBND", "05/03/2026", "Chủ tịch UBND phường")
        #expect(try signed.validate(issuing: true, known: known, today: today).get().issuedOn?.description == "2026-03-05")
        signed.issuedOn = "2026-03-11"
        guard case .failure(let future) = signed.validate(issuing: true, known: known, today: today) else { return }
        #expect(future.errors == [FieldError("issued_on", .dateInFuture("2026-03-11"))])
        guard case .failure(let empty) = UnitPlanDraft(cityTasks: ["IX.9"], ownTasks: " ", number: nil, issuedOn: nil, signer: nil)
            .validate(issuing: false, known: known, today: today) else { return }
        #expect(empty.errors == [FieldError("tasks", .unknownValue("IX.9"))])
    }
}

extension UnitPlanDraftTests {
    /// A unit adopts the city's targets at its own level, never laxer (T1: at most 88% of 2025's
    /// crimes, T3: over 90% resolved), and adds its own.
    @Test func adoptedTargetsAreAtLeastAsStrictAsTheCitys() throws {
        let city = [Target(id: "T1", text: "Giảm ít nhất 12%", metric: .ttxhCases, comparison: .atMost, threshold: 88, unit: .percentOfBaseline, baselineYear: 2025),
                    Target(id: "T3", text: "Giải quyết trên 90%", metric: .crimeReportResolutionRate, comparison: .greaterThan, threshold: 90, unit: .percent)]
        var draft = UnitPlanDraft(cityTasks: ["II.1"], ownTasks: nil, targets: ["T3": "92,5", "T1": "85"], ownTargets: "Không để xảy ra cháy nổ\n",
                                  number: nil, issuedOn: nil, signer: nil)
        let valid = try draft.validate(issuing: false, known: known, cityTargets: city, today: today).get()
        #expect(valid.targets == [.init(code: "T1", threshold: 85), .init(code: "T3", threshold: 92.5)] && valid.ownTargets == ["Không để xảy ra cháy nổ"])
        draft.targets = ["T1": "95", "T3": "90", "T9": "1", "T2": "nhiều"]
        guard case .failure(let lax) = draft.validate(issuing: false, known: known, cityTargets: city, today: today) else { Issue.record("laxer accepted"); return }
        #expect(lax.errors == [FieldError("targets", .unknownValue("T2")), FieldError("targets", .unknownValue("T9")),
                               FieldError("targets", .looserThanParent("T1: 95 / ≤ 88"))])
        #expect(UnitPlanDraft.isAtLeastAsStrict(88, as: city[0]) && UnitPlanDraft.isAtLeastAsStrict(90, as: city[1]) == true)
        #expect(!UnitPlanDraft.isAtLeastAsStrict(89.5, as: city[1]))
    }
}

@Suite struct OfficialDateTests {
    @Test func leadingZerosAsDecree30Asks() {
        func line(_ iso: String) -> String { OfficialDate.line(place: "Hải Phòng", date: CalendarDate(iso: iso)!) }
        #expect(line("2026-02-05") == "Hải Phòng, ngày 05 tháng 02 năm 2026")
        #expect(line("2026-01-31") == "Hải Phòng, ngày 31 tháng 01 năm 2026")
        #expect(line("2026-03-09") == "Hải Phòng, ngày 09 tháng 3 năm 2026")
        #expect(line("2026-11-29") == "Hải Phòng, ngày 29 tháng 11 năm 2026")
    }
}
