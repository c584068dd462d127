import Fluent
import SafeguardCore
import Vapor

extension TipDesk {
    struct Message: Sendable {
        var fromCitizen: Bool
        var officer: String?
        var at: Date
        var text: String
    }

    func messages(of report: CitizenReport) async throws -> [Message] {
        var found: [Message] = []
        for m in try await CitizenMessage.query(on: db).filter(\.$report.$id == report.requireID()).sort(\.$at).all() {
            found.append(Message(fromCitizen: m.fromCitizen, officer: m.officer, at: m.at, text: try await req.fieldCipher.open(m.body, for: .tipMessage, on: db)))
        }
        return found
    }

    func outcomeNote(of report: CitizenReport) async throws -> String? {
        try await req.fieldCipher.open(report.outcomeNote, for: .tipOutcome, on: db)
    }

    func citizenMessagesToday(_ report: CitizenReport) async throws -> Int {
        try await CitizenMessage.query(on: db).filter(\.$report.$id == report.requireID()).filter(\.$fromCitizen == true)
            .filter(\.$at > req.now.addingTimeInterval(-86_400)).count()
    }

    /// Adds a message; an officer's first message is the report's first answer.
    func add(message text: String, to report: CitizenReport, fromCitizen: Bool) async throws {
        let row = CitizenMessage()
        row.$report.id = try report.requireID()
        row.fromCitizen = fromCitizen
        row.officer = fromCitizen ? nil : try req.user.username
        row.body = try await req.fieldCipher.seal(text, for: .tipMessage, on: db)
        row.at = req.now
        let now = req.now
        try await db.writeTransaction { db in
            try await row.create(on: db)
            if !fromCitizen {
                if report.firstAnswerAt == nil { report.firstAnswerAt = now }
                try await report.save(on: db)
                try await req.audit("message", "citizen-report", key: report.publicID, on: db)
            }
        }
    }

    /// The public statistics of reports received since `day`, per receiving unit.
    func statistics(since day: CalendarDate) async throws -> TipStatistics {
        let rows = try await CitizenReport.query(on: db).filter(\.$receivedAt >= day.startInVietnam)
            .field(\.$id).field(\.$communeCode).field(\.$receivedAt).field(\.$firstAnswerAt).field(\.$dueAt).field(\.$finishedAt).all()
        return TipStatistics(rows.map { TipFacts(commune: $0.communeCode, receivedAt: $0.receivedAt, firstAnswerAt: $0.firstAnswerAt,
                                                 dueAt: $0.dueAt, finishedAt: $0.finishedAt) }, asOf: req.now)
    }
}
