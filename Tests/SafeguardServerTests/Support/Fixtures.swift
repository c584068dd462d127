import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import SafeguardServer
import SafeguardCore

/// Data several suites start from: assignments, evidence files, a crime history, periods. Kept
/// here so that no suite calls a helper defined in another.
enum Fixtures {
    static func assign(_ app: Application, unit code: String, title: String, due: Int, completed: Int? = nil) async throws {
        let unit = try #require(try await OrgUnit.find(code: code, on: app.db))
        let today = TestCalendar.today
        let a = Assignment()
        a.source = .own
        a.unitCode = unit.code
        a.unitPath = unit.path
        a.provinceCode = unit.provinceCode
        a.title = title
        a.responsible = "Đ/c Lê Văn C"
        a.dueOn = today.adding(days: due).description
        a.completedOn = completed.map { today.adding(days: $0).description }
        a.expectedResult = "Báo cáo"
        a.progress = completed == nil ? 0 : 100
        a.requiresEvidence = true
        a.createdBy = "test"
        try await a.create(on: app.db)
    }

    static let pdf = Data("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n".utf8)

    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])

    /// Loads a synthetic history small enough for a test, ending on a fixed day.
    static func loadHistory(_ app: Application) async throws {
        try await DemoHistory(db: app.db, reference: app.referenceData, clock: app.clock, cipher: app.fieldCipher)
            .load(province: "31", from: CalendarDate(iso: "2024-12-01")!, to: CalendarDate(iso: "2026-06-30")!, casesPerYear: 1500, seed: 42)
    }

    /// The last closed month, and the one before it.
    static func periods() -> (ReportingPeriod, ReportingPeriod) {
        let closed = PeriodType.month.closed(by: TestCalendar.today, since: TestCalendar.today.year - 1)
        return (closed[closed.count - 1], closed[closed.count - 2])
    }

    /// Gives the plan task `code` once ("trước 30/11") to its units; returns the content's task.
    static func give(_ app: Application, _ code: String, recurrence: String = "trước 30/11") async throws -> PlanContent.Task {
        let repository = PlanRepository(db: app.db)
        let key = try #require(try await repository.defaultKey())
        let content = try #require(try await repository.content(key: key))
        let task = try #require(content.tasks.first { $0.code == code })
        try await PlanAssignments(db: app.db).assign(task, plan: content.plan, recurrence: try #require(Recurrence(recurrence)),
                                                     expectedResult: "Báo cáo kết quả", requiresEvidence: true, responsible: "Thủ trưởng đơn vị", by: "test")
        return task
    }

    /// The assignment of plan task `code` to `unit` (after `give`).
    static func part(_ app: Application, _ code: String, unit: String) async throws -> Assignment {
        try #require(try await Assignment.query(on: app.db).filter(\.$taskCode == code).filter(\.$unitCode == unit).first())
    }
}
