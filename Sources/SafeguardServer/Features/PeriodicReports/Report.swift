import Fluent
import Foundation
import SafeguardCore

/// A version of a report form (`ReportForm`), its definition kept as JSON so a submission can
/// always be read with the version it was made on.
final class ReportFormRecord: Model, @unchecked Sendable {
    static let schema = "report_forms"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "version") var version: Int
    @Field(key: "title") var title: String
    @Field(key: "definition") var definition: String
    @Field(key: "created_by") var createdBy: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(_ form: ReportForm, by actor: String) throws {
        code = form.code
        version = form.version
        title = form.title
        definition = String(decoding: try JSONEncoder().encode(form), as: UTF8.self)
        createdBy = actor
    }

    var form: ReportForm {
        get throws { try JSONDecoder().decode(ReportForm.self, from: Data(definition.utf8)) }
    }
}

/// Báo cáo của đơn vị: one unit's report on one form for one period, with its state in the
/// workflow (`SubmissionState`) and the form version it was made on.
final class ReportSubmission: Model, @unchecked Sendable {
    static let schema = "report_submissions"

    @ID(key: .id) var id: UUID?
    @Field(key: "form_code") var formCode: String
    @Field(key: "form_version") var formVersion: Int
    @Field(key: "unit_code") var unitCode: String
    @Field(key: "unit_path") var unitPath: String
    @Field(key: "province_code") var provinceCode: String
    /// `ReportingPeriod.description`: 2026-M03, 2026-Q1…
    @Field(key: "period") var period: String
    @Field(key: "state") var state: SubmissionState
    /// Judges timeliness (`Completeness.status`); kept through a return and a resubmission.
    @OptionalField(key: "first_submitted_on") var firstSubmittedOn: String?
    @OptionalField(key: "return_reason") var returnReason: String?
    @OptionalField(key: "decided_by") var decidedBy: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    @Children(for: \.$submission) var values: [ReportValueRecord]

    init() {}

    var reportValues: ReportValues { ReportValues(Dictionary(values.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })) }
}

/// One cell's value of a report, as `ReportValues` stores it.
final class ReportValueRecord: Model, @unchecked Sendable {
    static let schema = "report_values"

    @ID(key: .id) var id: UUID?
    @Parent(key: "submission_id") var submission: ReportSubmission
    @Field(key: "key") var key: String
    @Field(key: "value") var value: String

    init() {}

    init(submission: UUID, key: String, value: String) {
        self.$submission.id = submission
        self.key = key
        self.value = value
    }
}

/// A step of a report's workflow: who sent, approved, returned (why) or reopened it, when.
final class ReportEvent: Model, @unchecked Sendable {
    static let schema = "report_events"

    @ID(key: .id) var id: UUID?
    @Parent(key: "submission_id") var submission: ReportSubmission
    @Field(key: "at") var at: Date
    @Field(key: "actor") var actor: String
    @Field(key: "action") var action: String
    @OptionalField(key: "reason") var reason: String?

    init() {}

    init(submission: UUID, at: Date, actor: String, action: String, reason: String?) {
        self.$submission.id = submission
        self.at = at
        self.actor = actor
        self.action = action
        self.reason = reason
    }
}
