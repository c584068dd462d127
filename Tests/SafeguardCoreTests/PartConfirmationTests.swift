import Testing
@testable import SafeguardCore

/// The lead unit's confirmation of a coordinating part: who needs it, each state, and the reason
/// a returned part must carry.
@Suite struct PartConfirmationTests {
    let day = CalendarDate(iso: "2026-11-20")!

    @Test func onlyACoordinatingPartWaitsForTheLead() {
        #expect(PartConfirmation.of(part: "lead", completedOn: day, confirmedOn: nil) == .notNeeded)
        #expect(PartConfirmation.of(part: nil, completedOn: day, confirmedOn: nil) == .notNeeded)  // alert or own work
        #expect(PartConfirmation.of(part: "coordinating", completedOn: nil, confirmedOn: nil) == .unfinished)
        #expect(PartConfirmation.of(part: "coordinating", completedOn: day, confirmedOn: nil) == .awaiting)
        #expect(PartConfirmation.of(part: "coordinating", completedOn: day, confirmedOn: day.adding(days: 2)) == .confirmed)
        // Returned after a confirmation was withdrawn: unfinished again, whatever was confirmed before.
        #expect(PartConfirmation.of(part: "coordinating", completedOn: nil, confirmedOn: day) == .unfinished)
    }

    @Test func aReturnNeedsAReason() {
        #expect(PartConfirmation.validateReason("  Thiếu danh sách người tham dự \n") == .success("Thiếu danh sách người tham dự"))
        #expect(PartConfirmation.validateReason(nil) == .failure(FieldErrors([FieldError("reason", .required)])))
        #expect(PartConfirmation.validateReason(" \t") == .failure(FieldErrors([FieldError("reason", .required)])))
        #expect(PartConfirmation.validateReason(String(repeating: "a", count: 1001)) == .failure(FieldErrors([FieldError("reason", .outOfRange("≤ 1000"))])))
    }
}

/// A long task's beginning on a list: cut at a word, marked with "…", never longer than asked.
@Suite struct ShortenedTextTests {
    @Test func aLongTextIsCutAtAWord() {
        let text = "Tăng cường xây dựng và hoàn thiện thể chế, cơ chế, chính sách pháp luật"
        #expect(text.shortened(to: 200) == text)
        #expect(text.shortened(to: 30) == "Tăng cường xây dựng và hoàn…")
        #expect(text.shortened(to: 30).count <= 30)
        #expect("Mộtchữdàikhôngcókhoảngtrắng".shortened(to: 10) == "Mộtchữdàik…".dropLast(2) + "…")
        #expect("Mộtchữdàikhôngcókhoảngtrắng".shortened(to: 10).count == 10)
    }
}
