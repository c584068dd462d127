import Foundation
import Testing
@testable import SafeguardCore

/// The citizens' portal's rules: receipts, proof of work, attachments by content, the report's
/// draft and workflow, the public statistics and escalation.
@Suite struct CitizenReportTests {
    func d(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    @Test func aReceiptHasMoreThan80BitsAndReadsBackHoweverItIsTyped() throws {
        #expect(Receipt.bits > 80 && Receipt.digitCount == 25)
        var generator = SplitMix64(seed: 7)
        let receipt = Receipt.generate(using: &generator)
        #expect(receipt.digits.count == 25 && receipt.digits.allSatisfy(\.isNumber))
        #expect(receipt.description.split(separator: " ").map(\.count) == [5, 5, 5, 5, 5])
        #expect(Receipt(typed: receipt.description) == receipt)
        #expect(Receipt(typed: receipt.description.replacingOccurrences(of: " ", with: "-")) == receipt)
        // Full-width digits (a Vietnamese or Chinese keyboard) are digits.
        let wide = String(receipt.digits.unicodeScalars.map { Character(UnicodeScalar($0.value - 0x30 + 0xFF10)!) })
        #expect(Receipt(typed: wide) == receipt)
        #expect(Receipt(typed: String(receipt.digits.dropLast())) == nil)
        #expect(Receipt(typed: receipt.digits + "1") == nil)
        #expect(Receipt(typed: "1234a" + receipt.digits.dropFirst(5)) == nil)
        // Two receipts from the same generator differ; the digits are spread.
        let many = (0..<2000).map { _ in Receipt.generate(using: &generator).digits }
        #expect(Set(many).count == 2000)
        let counts = Dictionary(grouping: many.joined(), by: { $0 }).mapValues(\.count)
        #expect(counts.count == 10 && counts.values.allSatisfy { (4500...5500).contains($0) })
    }

    @Test func proofOfWorkCountsZeroBitsAndHardensUnderAFlood() {
        #expect(ProofOfWork.leadingZeroBits([0x00, 0x00, 0x1F, 0xFF]) == 19)
        #expect(ProofOfWork.leadingZeroBits([0x80]) == 0 && ProofOfWork.leadingZeroBits([0x00, 0x00]) == 16)
        let policy = ProofOfWork.Policy.standard
        #expect(policy.difficulty(recentSubmissions: 0) == 18 && policy.difficulty(recentSubmissions: 60) == 18)
        #expect(policy.difficulty(recentSubmissions: 61) == 19 && policy.difficulty(recentSubmissions: 120) == 19)
        #expect(policy.difficulty(recentSubmissions: 240) == 20 && policy.difficulty(recentSubmissions: 1_000_000) == 26)
    }

    @Test func attachmentsAreKnownByTheirFirstBytes() {
        func head(_ bytes: [UInt8]) -> [UInt8] { bytes + [UInt8](repeating: 0, count: 16) }
        #expect(AttachmentKind.sniff(head([0xFF, 0xD8, 0xFF, 0xE1])) == .jpeg)
        #expect(AttachmentKind.sniff(head([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) == .png)
        #expect(AttachmentKind.sniff(Array("%PDF-1.7\n%âãÏÓ\n....".utf8)) == .pdf)
        #expect(AttachmentKind.sniff(head([0, 0, 0, 0x18] + Array("ftypmp42".utf8))) == .mp4)
        #expect(AttachmentKind.sniff(head([0, 0, 0, 0x14] + Array("ftypqt  ".utf8))) == .quicktime)
        #expect(AttachmentKind.sniff(head(Array("RIFF".utf8) + [1, 2, 3, 4] + Array("WEBP".utf8))) == .webp)
        // A page or a program named photo.jpg is not a photo.
        #expect(AttachmentKind.sniff(Array("<html><script>alert(1)</script>".utf8)) == nil)
        #expect(AttachmentKind.sniff(head([0x4D, 0x5A, 0x90, 0x00])) == nil)
        #expect(AttachmentKind.sniff([0xFF, 0xD8]) == nil)
    }

    @Test func anAnonymousReportKeepsNothingAboutThePersonAndAConfidentialOneNeedsAName() throws {
        let categories: Set<String> = ["drugs", "theft"]
        var draft = CitizenReportDraft(category: "drugs", commune: "11311", occurredOn: "03/12/2026", description: "Có người bán ma túy ở ngõ 5",
                                       mode: "anonymous", reporterName: "Tên không được lưu")
        let anonymous = try draft.validate(categories: categories, today: d("2026-12-04")).get()
        #expect(anonymous.mode == .anonymous && anonymous.reporter == nil && anonymous.occurredOn == d("2026-12-03"))
        draft.mode = "confidential"
        let refused = try #require(draft.validate(categories: categories, today: d("2026-12-04")).failure)
        #expect(refused.errors.map(\.field) == ["reporter_contact"])
        draft.reporterContact = "0912 345 678"
        draft.reporterIDNumber = "0310 9000 1234"
        let named = try draft.validate(categories: categories, today: d("2026-12-04")).get()
        #expect(named.mode == .confidential && named.reporter?.idNumber == "031090001234")
        // Every field named: an unknown category, a future day, half a point, an unknown mode.
        let bad = CitizenReportDraft(category: "ufo", commune: "11311", occurredOn: "2026-12-05", description: "x", latitude: "20.8", mode: "public")
        let fields = try #require(bad.validate(categories: categories, today: d("2026-12-04")).failure).errors.map(\.field)
        #expect(fields == ["category", "occurred_on", "longitude", "mode"])
        #expect(CitizenReportDraft(category: "drugs", commune: "1", description: "x", latitude: "48.8", longitude: "2.3", mode: "anonymous")
            .validate(categories: categories, today: d("2026-12-04")).failure?.errors.map(\.field) == ["latitude", "longitude"])
    }

    @Test func theWorkflowNeverReopensAndNeverClosesAReportInProcedure() {
        #expect(CitizenReportAction.verify.next(from: .received) == .verifying)
        #expect(CitizenReportAction.verify.next(from: .verifying) == nil)
        #expect(CitizenReportAction.openCrimeReport.next(from: .verifying) == .inProcedure)
        #expect(CitizenReportAction.close.next(from: .inProcedure) == nil)
        #expect(CitizenReportAction.resolve.next(from: .inProcedure) == .resolved)
        #expect(CitizenReportAction.close.next(from: .received) == .closed)
        for action in CitizenReportAction.allCases {
            #expect(action.next(from: .resolved) == nil && action.next(from: .closed) == nil)
        }
    }

    @Test func publicStatisticsJudgeOnlyWhatIsDueAndCountTheUnanswered() throws {
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        func h(_ hours: Double) -> Date { t0.addingTimeInterval(hours * 3600) }
        let facts = [
            TipFacts(commune: "A", receivedAt: h(0), firstAnswerAt: h(2), dueAt: h(480), finishedAt: h(100)),    // in time
            TipFacts(commune: "A", receivedAt: h(0), firstAnswerAt: h(10), dueAt: h(480), finishedAt: h(500)),   // late
            TipFacts(commune: "A", receivedAt: h(0), firstAnswerAt: nil, dueAt: h(480), finishedAt: nil),        // past due, unfinished
            TipFacts(commune: "A", receivedAt: h(600), firstAnswerAt: h(606), dueAt: h(1080), finishedAt: nil),  // not yet due
            TipFacts(commune: "B", receivedAt: h(0), firstAnswerAt: nil, dueAt: h(480), finishedAt: nil),
        ]
        let stats = TipStatistics(facts, asOf: h(700))
        let a = try #require(stats.rows.first { $0.commune == "A" })
        #expect(a.received == 4 && a.finishedInTime == Proportion(1, of: 3))
        #expect(a.medianHoursToFirstAnswer == 6 && a.unanswered == 1)
        let b = try #require(stats.rows.first { $0.commune == "B" })
        #expect(b.medianHoursToFirstAnswer == nil && b.unanswered == 1 && b.finishedInTime == Proportion(0, of: 1))
        let rule = EscalationRule(hours: 48)
        #expect(rule.isEscalated(receivedAt: h(0), firstAnswerAt: nil, now: h(48.1)))
        #expect(!rule.isEscalated(receivedAt: h(0), firstAnswerAt: nil, now: h(47.9)))
        #expect(!rule.isEscalated(receivedAt: h(0), firstAnswerAt: h(50), now: h(60)))
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
