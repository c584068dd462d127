import Fluent
import SafeguardCore
import Vapor

/// `/api/v1/cases` and `/api/v1/crime-reports`: the records as JSON, on the pages' code paths —
/// the same scope rule (`?unit=`, else the caller's scope), the same validation and transactions
/// (`RecordEditing`), the same audit of every single-record read. Lists page with `X-Total-Count`
/// and `Link`; a list never carries the free text (summaries, a report's source), a single read does.
struct RecordsAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("cases", use: cases)
        routes.post("cases", use: createCase)
        routes.get("cases", ":code", use: oneCase)
        routes.post("cases", ":code", "reclassifications", use: reclassify)
        routes.post("cases", ":code", "solution", use: solve)
        routes.get("crime-reports", use: reports)
        routes.post("crime-reports", use: createReport)
        routes.get("crime-reports", ":code", use: oneReport)
        routes.post("crime-reports", ":code", "steps", use: step)
    }

    /// A refused record, field by field (422), as the form shows it.
    private func refusal(_ error: RecordFormError, _ req: Request) -> FieldRefusal {
        FieldRefusal(error.errors.map { FieldRefusal.Problem($0, req) })
    }

    // MARK: Cases

    /// `?unit=&from=&to=` (discovery days), `severity=`, `category=`, `solved=true|false`, `q=` (code), paged.
    func cases(req: Request) async throws -> Response {
        let scope = try await req.listScope()
        let paging = try Paging(req)
        var query = CriminalCase.query(in: scope, on: req.db)
        if let from = try req.queryDate("from")?.description { query = query.filter(\.$discoveredOn >= from) }
        if let to = try req.queryDate("to")?.description { query = query.filter(\.$discoveredOn <= to) }
        if let text = try req.queryText("severity") {
            guard let severity = CrimeSeverity(rawValue: text) else { throw InvalidParameter("severity", .unknownValue(text), on: req) }
            query = query.filter(\.$severity == severity)
        }
        if let category = try req.queryText("category") { query = query.filter(\.$category == category) }
        switch try req.queryText("solved") {
        case nil: break
        case "true": query = query.filter(\.$solvedOn != nil)
        case "false": query = query.filter(\.$solvedOn == nil)
        case let other?: throw InvalidParameter("solved", .unknownValue(other), on: req)
        }
        if let q = try req.queryText("q")?.trimmed, !q.isEmpty { query = query.filter(\.$code =~ q) }
        let total = try await query.count()
        let rows = try await query.sort(\.$discoveredOn, .descending).sort(\.$code).with(\.$unit).range(paging.offset..<(paging.offset + paging.perPage)).all()
        let reference = req.application.referenceData
        let response = try await rows.map { CaseDTO($0, reference) }.encodeResponse(for: req)
        paging.describe(response, total: total, for: req)
        return response
    }

    func oneCase(req: Request) async throws -> CaseDTO {
        let row = try await req.readableCase()
        try await req.audit("read", "criminal-case", key: row.code)
        return try await detail(row, req)
    }

    private func detail(_ row: CriminalCase, _ req: Request) async throws -> CaseDTO {
        var dto = CaseDTO(row, req.application.referenceData)
        let cipher = req.fieldCipher
        dto.summary = try await cipher.open(row.summary, for: .caseSummary, on: req.db)
        var changes: [CaseDTO.Reclassification] = []
        for change in try await CaseReclassification.query(on: req.db).filter(\.$criminalCase.$id == row.requireID()).sort(\.$at).all() {
            changes.append(.init(at: change.at, actor: change.actor, before: "\(change.beforeArticle).\(change.beforeClause)",
                                 after: "\(change.afterArticle).\(change.afterClause)", isDowngrade: change.isDowngrade,
                                 reason: try await cipher.open(change.reason, for: .reclassificationReason, on: req.db)))
        }
        dto.reclassifications = changes
        return dto
    }

    func createCase(req: Request) async throws -> Response {
        let input = try req.content.decode(CaseInput.self)
        do {
            let row = try await RecordEditing(request: req).createCase(input.draft)
            try await row.$unit.load(on: req.db)
            let response = try await detail(row, req).encodeResponse(status: .created, for: req)
            response.headers.replaceOrAdd(name: .location, value: "/api/v1/cases/\(row.code.pathSegment)")
            return response
        } catch let error as RecordFormError { throw refusal(error, req) }
    }

    func reclassify(req: Request) async throws -> CaseDTO {
        struct Input: Content { var article: Int?; var clause: Int?; var reason: String? }
        let row = try await req.readableCase()
        let input = try req.content.decode(Input.self)
        do {
            try await RecordEditing(request: req).reclassify(row, article: input.article.map(String.init), clause: input.clause.map(String.init), reason: input.reason)
        } catch let error as RecordFormError { throw refusal(error, req) }
        return try await detail(try await req.readableCase(), req)
    }

    func solve(req: Request) async throws -> CaseDTO {
        struct Input: Content { var solvedOn: String? }
        let row = try await req.readableCase()
        do {
            try await RecordEditing(request: req).solve(row, date: try req.content.decode(Input.self).solvedOn)
        } catch let error as RecordFormError { throw refusal(error, req) }
        return try await detail(try await req.readableCase(), req)
    }

    // MARK: Crime reports

    /// `?unit=&from=&to=` (receipt days), `state=`, `overdue=true`, `q=` (code), paged.
    func reports(req: Request) async throws -> Response {
        let scope = try await req.listScope()
        let paging = try Paging(req)
        var query = CrimeReport.query(in: scope, on: req.db)
        if let from = try req.queryDate("from")?.description { query = query.filter(\.$receivedOn >= from) }
        if let to = try req.queryDate("to")?.description { query = query.filter(\.$receivedOn <= to) }
        if let text = try req.queryText("state") {
            guard let state = CrimeReportState(rawValue: text) else { throw InvalidParameter("state", .unknownValue(text), on: req) }
            query = query.filter(\.$state == state)
        }
        switch try req.queryText("overdue") {
        case nil, "false": break
        case "true": query = query.filter(\.$state ~~ [.received, .registered]).filter(\.$deadlineOn < req.today.description)
        case let other?: throw InvalidParameter("overdue", .unknownValue(other), on: req)
        }
        if let q = try req.queryText("q")?.trimmed, !q.isEmpty { query = query.filter(\.$code =~ q) }
        let total = try await query.count()
        let rows = try await query.sort(\.$receivedOn, .descending).sort(\.$code).with(\.$unit).range(paging.offset..<(paging.offset + paging.perPage)).all()
        let response = try await rows.map { CrimeReportDTO($0) }.encodeResponse(for: req)
        paging.describe(response, total: total, for: req)
        return response
    }

    func oneReport(req: Request) async throws -> CrimeReportDTO {
        let row = try await req.readableReport()
        try await req.audit("read", "crime-report", key: row.code)
        return try await detail(row, req)
    }

    private func detail(_ row: CrimeReport, _ req: Request) async throws -> CrimeReportDTO {
        var dto = CrimeReportDTO(row)
        dto.source = try await req.fieldCipher.open(row.source as String, for: .reportSource, on: req.db) as String
        dto.summary = try await req.fieldCipher.open(row.summary, for: .reportSummary, on: req.db)
        dto.steps = try await HandlingStepStore(db: req.db).history(of: try row.requireID()).map { step, actor in
            .init(kind: step.kind, on: step.on.description, outcome: step.outcome, recordedBy: actor)
        }
        return dto
    }

    func createReport(req: Request) async throws -> Response {
        let input = try req.content.decode(CrimeReportInput.self)
        do {
            let row = try await RecordEditing(request: req).createReport(input.draft)
            try await row.$unit.load(on: req.db)
            let response = try await detail(row, req).encodeResponse(status: .created, for: req)
            response.headers.replaceOrAdd(name: .location, value: "/api/v1/crime-reports/\(row.code.pathSegment)")
            return response
        } catch let error as RecordFormError { throw refusal(error, req) }
    }

    /// A handling step: `action` (register, extend, suspend, resume, transfer, decide), `date`, `outcome` for a decision.
    func step(req: Request) async throws -> CrimeReportDTO {
        struct Input: Content { var action: String; var date: String?; var outcome: String? }
        let row = try await req.readableReport()
        let input = try req.content.decode(Input.self)
        do {
            try await RecordEditing(request: req).apply(input.action, date: input.date, outcome: input.outcome, to: row)
        } catch let error as RecordFormError { throw refusal(error, req) }
        return try await detail(try await req.readableReport(), req)
    }
}
