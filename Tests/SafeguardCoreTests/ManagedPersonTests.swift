import Testing
@testable import SafeguardCore

/// A person entered on a register: every field checked, the identity number normalised for its
/// blind index, the end of management by law when not given; the temporary-absence rule.
@Suite struct ManagedPersonTests {
    let today = CalendarDate(iso: "2026-12-04")!
    var draft: ManagedPersonDraft {
        ManagedPersonDraft(kind: "drug-user", fullName: "Nguyễn Văn A", birthDate: "1990-05-01", idNumber: "031 090 001 234",
                           address: "Tổ dân phố 1, phường Hồng Bàng", unit: "11311", basisNumber: "12/QĐ-UBND", basisDate: "2026-07-01",
                           basisIssuer: "UBND phường Hồng Bàng", startedOn: "2026-07-02")
    }

    @Test func aValidPersonGetsTheLawsEndOfManagement() throws {
        let person = try draft.validate(today: today).get()
        #expect(person.idNumber == "031090001234" && person.kind == .drugUser)
        // Started 02/07/2026, under Law 120/2025: a year, to verify.
        #expect(person.endsOn == CalendarDate(iso: "2027-07-02") && person.endSource?.contains("120/2025/QH15") == true)
        var before = draft
        (before.basisDate, before.startedOn) = ("2026-03-01", "2026-03-02")
        #expect(try before.validate(today: today).get().endSource?.contains("73/2021/QH14") == true)
        // A released prisoner has no end by law; an end given is kept.
        var released = draft
        released.kind = "released-from-prison"
        #expect(try released.validate(today: today).get().endsOn == nil)
        released.endsOn = "2028-01-01"
        #expect(try released.validate(today: today).get().endsOn == CalendarDate(iso: "2028-01-01"))
    }

    @Test func everyProblemIsNamedByItsField() {
        let empty = ManagedPersonDraft()
        guard case .failure(let missing) = empty.validate(today: today) else { Issue.record("an empty person was accepted"); return }
        #expect(Set(missing.errors.map(\.field)) == ["kind", "full_name", "birth_date", "id_number", "address", "unit", "basis_number", "basis_date", "basis_issuer", "started_on"])
        var bad = draft
        (bad.kind, bad.idNumber, bad.startedOn, bad.endsOn, bad.birthDate) = ("prisoner", "03109000123", "2026-12-10", "2026-01-01", "2027-01-01")
        guard case .failure(let errors) = bad.validate(today: today) else { Issue.record("a bad person was accepted"); return }
        #expect(errors.errors.contains(FieldError("kind", .unknownValue("prisoner"))))
        #expect(errors.errors.contains(FieldError("id_number", .malformedIdentityNumber("03109000123"))))
        #expect(errors.errors.contains(FieldError("started_on", .dateInFuture("2026-12-10"))))
        #expect(errors.errors.contains(FieldError("birth_date", .dateInFuture("2027-01-01"))))
        #expect(errors.errors.contains(FieldError("ends_on", .dateOrder(earlier: "started_on", later: "ends_on"))))
        var late = draft
        late.basisDate = "2026-07-03"
        guard case .failure(let order) = late.validate(today: today) else { Issue.record("a basis after the start was accepted"); return }
        #expect(order.errors == [FieldError("basis_date", .dateOrder(earlier: "basis_date", later: "started_on"))])
    }

    @Test func identityNumbersAreNormalisedOrRefused() {
        #expect(ManagedPersonDraft.normalisedIDNumber("031.090.001.234") == "031090001234")
        #expect(ManagedPersonDraft.normalisedIDNumber("123 456 789") == "123456789")
        #expect(ManagedPersonDraft.normalisedIDNumber("12345678") == nil)
        #expect(ManagedPersonDraft.normalisedIDNumber("03109000123A") == nil)
        #expect(ManagedPersonDraft.normalisedIDNumber("０３１０９０００１２３４") == nil)  // full-width digits are not the number as issued
    }

    @Test func anAbsenceOfADayOrMoreIsDeclared() {
        let rule = TemporaryAbsenceRule.standard
        let day = CalendarDate(iso: "2026-12-04")!
        #expect(rule.needsVerification && rule.source.contains("Luật Cư trú"))
        #expect(!rule.mustDeclare(.drugUser, leaving: day, returning: day))
        #expect(rule.mustDeclare(.drugUser, leaving: day, returning: day.adding(days: 1)))
        let narrower = TemporaryAbsenceRule(minimumDays: 3, kinds: [.administrativeMeasure], source: "x", needsVerification: true)
        #expect(!narrower.mustDeclare(.drugUser, leaving: day, returning: day.adding(days: 5)))
        #expect(narrower.mustDeclare(.administrativeMeasure, leaving: day, returning: day.adding(days: 3)))
    }
}
