import Fluent
import SafeguardCore
import Vapor

/// Cảnh báo sớm: a detector's alarm on one unit's series of one watched crime for one period,
/// stored with everything needed to judge it later — method, parameters, baseline, expected
/// value, upper bound, observed count, score — and its handling (state, assessment).
final class Alert: Model, @unchecked Sendable {
    static let schema = "alerts"

    @ID(key: .id) var id: UUID?
    @Field(key: "unit_code") var unitCode: String
    @Field(key: "unit_path") var unitPath: String
    @Field(key: "province_code") var provinceCode: String
    @Field(key: "watch_id") var watchID: String
    /// `month` (statistical month) or `week` (ISO week).
    @Field(key: "frequency") var frequency: String
    /// The period's code: `202603` for a statistical month, `202611` for ISO week 11 of 2026.
    @Field(key: "period") var period: Int
    /// For a week, the day number of its Monday (the series' own period value).
    @OptionalField(key: "period_start") var periodStart: Int?
    @Field(key: "method") var method: String
    @Field(key: "parameters") var parameters: String
    @Field(key: "baseline") var baseline: String
    @Field(key: "observed") var observed: Int
    @OptionalField(key: "expected") var expected: Double?
    @OptionalField(key: "upperbound") var upperbound: Double?
    @OptionalField(key: "score") var score: Double?
    @OptionalField(key: "p_value") var pValue: Double?
    @Field(key: "state") var state: AlertState
    @OptionalField(key: "assessment") var assessment: AlertAssessment?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

/// One step in an alert's review log: who did what, when, with which note.
final class AlertReview: Model, @unchecked Sendable {
    static let schema = "alert_reviews"

    @ID(key: .id) var id: UUID?
    @Parent(key: "alert_id") var alert: Alert
    @Field(key: "at") var at: Date
    @Field(key: "actor") var actor: String
    @Field(key: "step") var step: String
    @OptionalField(key: "assessment") var assessment: AlertAssessment?
    @OptionalField(key: "note") var note: String?

    init() {}
}

/// A claim on one detector run (province, frequency, period): the first instance to insert it runs
/// the detector, the others see the unique key and skip — no coordinator needed between instances.
final class DetectorRun: RunClaim, @unchecked Sendable {
    static let schema = "detector_runs"

    @ID(key: .id) var id: UUID?
    @Field(key: "province_code") var provinceCode: String
    @Field(key: "frequency") var frequency: String
    @Field(key: "period") var period: Int
    @Field(key: "started_at") var startedAt: Date
    @OptionalField(key: "finished_at") var finishedAt: Date?
    @OptionalField(key: "alerts") var alerts: Int?

    init() {}
}
