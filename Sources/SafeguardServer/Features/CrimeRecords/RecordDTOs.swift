import Foundation
import SafeguardCore
import Vapor

/// Vụ án as the API gives it; `summary` and `reclassifications` only in a single read.
struct CaseDTO: Content {
    struct Reclassification: Content {
        var at: Date
        var actor: String
        var before: String
        var after: String
        var isDowngrade: Bool
        var reason: String
    }

    var code: String
    var article: Int
    var clause: Int
    var articleTitle: String?
    var severity: CrimeSeverity
    var category: String
    var unit: String
    var unitName: String
    var occurredOn: String
    var discoveredOn: String
    var solvedOn: String?
    var suspects: Int
    var summary: String?
    var reclassifications: [Reclassification]?

    init(_ c: CriminalCase, _ reference: ReferenceData) {
        code = c.code; article = c.article; clause = c.clause; articleTitle = reference.penalCode.articles[c.article]?.title
        severity = c.severity; category = c.category; unit = c.unit.code; unitName = c.unit.name
        occurredOn = c.occurredOn; discoveredOn = c.discoveredOn; solvedOn = c.solvedOn; suspects = c.suspects
    }
}

/// A new case: the form's and the import's fields, camel-cased.
struct CaseInput: Content {
    var code: String?
    var article: Int?
    var clause: Int?
    var unit: String?
    var occurredOn: String?
    var discoveredOn: String?
    var solvedOn: String?
    var suspects: Int?
    var summary: String?
    var latitude: Double?
    var longitude: Double?

    var draft: CaseDraft {
        CaseDraft(code: code, article: article.map(String.init), clause: clause.map(String.init), unit: unit, occurredOn: occurredOn,
                  discoveredOn: discoveredOn, solvedOn: solvedOn, suspects: suspects.map(String.init), summary: summary,
                  latitude: latitude.map { String($0) }, longitude: longitude.map { String($0) })
    }
}

/// Tố giác, tin báo as the API gives it; `source`, `summary` and `steps` only in a single read.
struct CrimeReportDTO: Content {
    struct Step: Content {
        var kind: HandlingStep.Kind
        var on: String
        var outcome: CrimeReportOutcome?
        /// The officer who recorded it (nil for imported and migrated steps).
        var recordedBy: String?
    }

    var code: String
    var kind: CrimeReportKind
    var unit: String
    var unitName: String
    var category: String
    var receivedOn: String
    var state: CrimeReportState
    var registeredOn: String?
    var extensions: Int
    var suspendedOn: String?
    var resumedOn: String?
    var transferredOn: String?
    var decidedOn: String?
    var outcome: CrimeReportOutcome?
    var deadlineOn: String?
    var source: String?
    var summary: String?
    var steps: [Step]?

    init(_ r: CrimeReport) {
        code = r.code; kind = r.kind; unit = r.unit.code; unitName = r.unit.name; category = r.category; receivedOn = r.receivedOn
        state = r.state; registeredOn = r.registeredOn; extensions = r.extensions; suspendedOn = r.suspendedOn; resumedOn = r.resumedOn
        transferredOn = r.transferredOn; decidedOn = r.decidedOn; outcome = r.outcome; deadlineOn = r.deadlineOn
    }
}

/// A new crime report: the form's fields, camel-cased. Later steps go to `…/steps`.
struct CrimeReportInput: Content {
    var code: String?
    var kind: String?
    var receivedOn: String?
    var unit: String?
    var source: String?
    var category: String?
    var summary: String?
    var registeredOn: String?

    var draft: ReportDraft {
        ReportDraft(code: code, kind: kind, receivedOn: receivedOn, unit: unit, source: source, category: category, summary: summary, registeredOn: registeredOn)
    }
}
