/// Tự đánh giá, chấm điểm: a unit's scores on its criteria set, the reviewers' adjustments with
/// their reasons, and the level that follows. A score above a criterion's maximum is refused with
/// the criterion named; a submission after the deadline (residential areas before 20/11, communes,
/// agencies, enterprises and schools before 30/11 — Decision 510) is accepted only as late.
public struct Assessment: Sendable, Equatable {
    public var criteriaSet: CriteriaSet
    /// Criterion code → points given.
    public var scores: [String: Double]
    /// Criterion code → the number of evidence files attached.
    public var evidence: [String: Int]
    public var adjustments: [Adjustment]

    public init(set: CriteriaSet, scores: [String: Double], evidence: [String: Int] = [:], adjustments: [Adjustment] = []) {
        self.criteriaSet = set
        self.scores = scores
        self.evidence = evidence
        self.adjustments = adjustments
    }

    /// Điều chỉnh điểm: a reviewer's change to one criterion's points, with the reason.
    public struct Adjustment: Sendable, Equatable {
        public var criterion: String
        public var points: Double
        public var reason: String
        public var by: String

        public init(criterion: String, points: Double, reason: String, by: String) {
            self.criterion = criterion
            self.points = points
            self.reason = reason
            self.by = by
        }
    }

    /// The points that count: the last adjustment of a criterion, else the unit's own score.
    public var finalScores: [String: Double] {
        var result = scores
        for a in adjustments { result[a.criterion] = a.points }
        return result
    }

    public var total: Double { criteriaSet.criteria.map { finalScores[$0.code] ?? 0 }.reduce(0, +) }
    public var level: Classification { criteriaSet.classify(total) }

    /// Every problem with the unit's scores: unknown criteria (scored or with evidence), a score below 0 or above the
    /// criterion's maximum (named: "«Tiêu chí 2 — …»: ≤ 3"), points without the evidence required.
    public func validate() -> Result<Assessment, FieldErrors> {
        var errors: [FieldError] = []
        let criteria = Dictionary(criteriaSet.criteria.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        for code in Set(scores.keys).union(evidence.keys).sorted() where criteria[code] == nil { errors.append(FieldError(code, .unknownValue(code))) }
        for c in criteriaSet.criteria {
            guard let points = scores[c.code] else { continue }
            if points < 0 || points > c.maxPoints || !points.isFinite {
                errors.append(FieldError(c.code, .outOfRange("0–\(Self.number(c.maxPoints))")))
            } else if c.evidenceRequired && points > 0 && (evidence[c.code] ?? 0) == 0 {
                errors.append(FieldError(c.code, .required))
            }
        }
        return errors.isEmpty ? .success(self) : .failure(FieldErrors(errors))
    }

    /// A reviewer's adjustment: needs a reason and points within the criterion's range.
    public func adjusting(_ adjustment: Adjustment) -> Result<Assessment, FieldErrors> {
        guard let criterion = criteriaSet.criteria.first(where: { $0.code == adjustment.criterion }) else {
            return .failure(FieldErrors([FieldError(adjustment.criterion, .unknownValue(adjustment.criterion))]))
        }
        var errors: [FieldError] = []
        if adjustment.points < 0 || adjustment.points > criterion.maxPoints {
            errors.append(FieldError(criterion.code, .outOfRange("0–\(Self.number(criterion.maxPoints))")))
        }
        if adjustment.reason.trimmed.isEmpty { errors.append(FieldError("reason", .required)) }
        guard errors.isEmpty else { return .failure(FieldErrors(errors)) }
        var next = self
        next.adjustments.append(adjustment)
        return .success(next)
    }

    /// Points as typed in a form ("7", "7,5"; empty: not scored), each bad one named by its criterion.
    public static func parseScores(_ texts: [String: String]) -> Result<[String: Double], FieldErrors> {
        var errors: [FieldError] = []
        var scores: [String: Double] = [:]
        for (code, text) in texts.sorted(by: { $0.key < $1.key }) {
            if let points = FieldParsing.decimal(text, field: code, range: -CriteriaSet.maximumPoints...CriteriaSet.maximumPoints, errors: &errors) {
                scores[code] = points
            }
        }
        return errors.isEmpty ? .success(scores) : .failure(FieldErrors(errors))
    }

    static func number(_ value: Double) -> String { NumberText.plain(value) }

    /// Hạn nộp hồ sơ tự đánh giá for a subject in a year.
    public static func deadline(for subject: CriteriaSet.Subject, year: Int) -> CalendarDate {
        switch subject {
        // "trước ngày 20/11" and "trước ngày 30/11": the last day that is still before.
        case .residentialArea: CalendarDate(year: year, month: 11, day: 19)!
        case .commune, .agency: CalendarDate(year: year, month: 11, day: 29)!
        }
    }

    /// Whether a submission on `day` is late for `subject` in `year`.
    public static func isLate(submittedOn day: CalendarDate, subject: CriteriaSet.Subject, year: Int) -> Bool {
        day > deadline(for: subject, year: year)
    }
}
