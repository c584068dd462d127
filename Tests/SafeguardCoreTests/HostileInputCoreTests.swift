import Testing
@testable import SafeguardCore

/// What an attacker can send the core through a form, a query or a file: every value is refused
/// with a reason or read within bounds, never trapped on.
@Suite struct HostileInputCoreTests {
    @Test func passwordsThatAreCommonOrHoldTheUsernameAreRefused() {
        let policy = PasswordPolicy()
        #expect(policy.problem(with: "short", username: "hongbang") == .tooShort(minimum: 10))
        for guessable in ["aaaaaaaaaa", "1234567890", "0987654321", "abcdefghijk", "qwertyuiop", "password123", "Matkhau2026!",
                          "qwerty1234", "ababababab"] {
            #expect(policy.problem(with: guessable, username: "hongbang") == .common, "\(guessable)")
        }
        #expect(policy.problem(with: "Hongbang-2026-xyz", username: "hongbang") == .containsUsername)
        #expect(policy.problem(with: "xx-HỒNGBÀNG-yy", username: "hongbang") == .containsUsername)
        #expect(policy.problem(with: String(repeating: "đ", count: 40), username: "a") == .tooLong(maximumBytes: 72))
        for good in ["correct-horse-battery", "Kiem-thu-trinh-duyet-2026", "a-new-secret-1", "Browser-test-pw-2026"] {
            #expect(policy.problem(with: good, username: "hongbang") == nil, "\(good)")
        }
    }

    @Test func csvFieldsThatSpreadsheetsWouldRunAreWrittenAsText() {
        #expect(CSVWriter.neutralised("=HYPERLINK(\"http://evil.example\",\"Bấm\")") == "'=HYPERLINK(\"http://evil.example\",\"Bấm\")")
        for formula in ["+1+cmd", "-2+3", "@SUM(A1)", "\t=1", "\r=1"] { #expect(CSVWriter.neutralised(formula).hasPrefix("'"), "\(formula)") }
        #expect(CSVWriter.neutralised("-5") == "-5")
        #expect(CSVWriter.neutralised("Phường Hồng Bàng") == "Phường Hồng Bàng")
        #expect(CSVWriter.line(["=1+1", "a,b"]) == "'=1+1,\"a,b\"")
    }

    @Test func datesOutsideTheSupportedYearsOrWithSignsAreNotDates() {
        #expect(CalendarDate(iso: "0007-12-10") == nil)
        #expect(CalendarDate(iso: "+007-12-10") == nil)
        #expect(CalendarDate(iso: "2101-01-01") == nil)
        #expect(CalendarDate(iso: "1900-01-01") != nil && CalendarDate(iso: "2100-12-31") != nil)
        var errors: [FieldError] = []
        #expect(FieldParsing.date("10/12/0007", field: "started_on", required: true, errors: &errors) == nil)
        #expect(FieldParsing.date("1/+2/2026", field: "started_on", required: true, errors: &errors) == nil)
        #expect(errors.count == 2)
        #expect(FieldParsing.date("02/03/2026", field: "d", required: true, errors: &errors) == CalendarDate(year: 2026, month: 3, day: 2))
    }

    @Test func aFormsClosedPeriodsOfAYearStillAheadAreNone() {
        let today = CalendarDate(year: 2026, month: 12, day: 4)!
        #expect(PeriodType.month.closed(by: today, since: 2028).isEmpty)
        #expect(PeriodType.quarter.closed(by: today, since: 2027).isEmpty)
        #expect(PeriodType.month.closed(by: today, since: 2026).count == 11)
    }

    @Test func zipDirectoriesAreReadWithEveryOffsetChecked() {
        let zip = StoredZip.archive([("a.xml", [1, 2, 3]), ("word/document.xml", [])])
        #expect(ZIPDirectory.names(in: zip) == ["a.xml", "word/document.xml"])
        #expect(ZIPDirectory.names(in: Array(zip.prefix(zip.count - 1))) == nil)
        #expect(ZIPDirectory.names(in: [0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0xFF, count: 18)) == nil)
        #expect(ZIPDirectory.names(in: []) == nil)
        // Every truncation of a real archive is refused or read, never trapped on.
        for n in 0..<zip.count { _ = ZIPDirectory.names(in: Array(zip.prefix(n))) }
    }
}
