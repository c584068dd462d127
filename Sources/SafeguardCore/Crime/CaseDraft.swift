/// A criminal case as entered in a form or a row of an import file: text fields, not yet checked.
///
/// Field names are the import columns (`code`, `article`, `clause`, `unit`, `occurred_on`,
/// `discovered_on`, `solved_on`, `suspects`, `summary`, `latitude`, `longitude`).
public struct CaseDraft: Sendable, Equatable {
    public var code: String?
    public var article: String?
    public var clause: String?
    public var unit: String?
    public var occurredOn: String?
    public var discoveredOn: String?
    public var solvedOn: String?
    public var suspects: String?
    public var summary: String?
    public var latitude: String?
    public var longitude: String?

    public init(code: String? = nil, article: String? = nil, clause: String? = nil, unit: String? = nil,
                occurredOn: String? = nil, discoveredOn: String? = nil, solvedOn: String? = nil, suspects: String? = nil,
                summary: String? = nil, latitude: String? = nil, longitude: String? = nil) {
        self.code = code
        self.article = article
        self.clause = clause
        self.unit = unit
        self.occurredOn = occurredOn
        self.discoveredOn = discoveredOn
        self.solvedOn = solvedOn
        self.suspects = suspects
        self.summary = summary
        self.latitude = latitude
        self.longitude = longitude
    }
}

/// A case whose fields passed every check that needs no database.
public struct ValidCase: Sendable, Equatable {
    public var code: String
    public var article: Int
    public var clause: Int
    public var severity: CrimeSeverity
    public var category: String
    public var unit: String
    public var occurredOn: CalendarDate
    public var discoveredOn: CalendarDate
    public var solvedOn: CalendarDate?
    public var suspects: Int
    public var summary: String?
    public var latitude: Double?
    public var longitude: Double?

    public var discoveredMonth: StatisticalMonth { StatisticalMonth(containing: discoveredOn) }
    public var solvedMonth: StatisticalMonth? { solvedOn.map(StatisticalMonth.init(containing:)) }
}

extension CaseDraft {
    /// Checks every field; collects all problems. Severity and category follow from the article.
    public func validate(penalCode: PenalCode, today: CalendarDate) -> Result<ValidCase, FieldErrors> {
        var errors: [FieldError] = []
        let code = FieldParsing.recordCode(self.code, errors: &errors)
        let unit = FieldParsing.text(self.unit, field: "unit", required: true, maxLength: 40, errors: &errors)
        let article = FieldParsing.integer(self.article, field: "article", required: true, range: 1...999, errors: &errors)
        let clause = FieldParsing.integer(self.clause, field: "clause", required: true, range: 1...20, errors: &errors)
        let occurred = FieldParsing.date(occurredOn, field: "occurred_on", required: true, errors: &errors)
        let discovered = FieldParsing.date(discoveredOn, field: "discovered_on", required: true, errors: &errors)
        let solved = FieldParsing.date(solvedOn, field: "solved_on", required: false, errors: &errors)
        let suspects = FieldParsing.integer(self.suspects, field: "suspects", required: false, range: 0...10_000, errors: &errors) ?? 0
        let summary = FieldParsing.text(self.summary, field: "summary", required: false, maxLength: 2000, errors: &errors)
        let latitude = FieldParsing.decimal(self.latitude, field: "latitude", range: -90...90, errors: &errors)
        let longitude = FieldParsing.decimal(self.longitude, field: "longitude", range: -180...180, errors: &errors)

        var severity: CrimeSeverity?
        var category: String?
        if let article, let clause {
            do throws(PenalCode.LookupError) {
                severity = try penalCode.severity(article: article, clause: clause)
                category = penalCode.articles[article]?.category
            } catch {
                switch error {
                case .unknownArticle(let a): errors.append(FieldError("article", .unknownArticle(a)))
                case .unknownClause(let a, let c): errors.append(FieldError("clause", .unknownClause(article: a, clause: c)))
                }
            }
        }
        for (field, date) in [("occurred_on", occurred), ("discovered_on", discovered), ("solved_on", solved)] {
            if let date, date > today { errors.append(FieldError(field, .dateInFuture(date.description))) }
        }
        if let occurred, let discovered, occurred > discovered {
            errors.append(FieldError("discovered_on", .dateOrder(earlier: "occurred_on", later: "discovered_on")))
        }
        if let discovered, let solved, discovered > solved {
            errors.append(FieldError("solved_on", .dateOrder(earlier: "discovered_on", later: "solved_on")))
        }
        guard errors.isEmpty, let code, let unit, let article, let clause, let occurred, let discovered, let severity, let category else {
            return .failure(FieldErrors(errors))
        }
        return .success(ValidCase(
            code: code, article: article, clause: clause, severity: severity, category: category, unit: unit,
            occurredOn: occurred, discoveredOn: discovered, solvedOn: solved, suspects: suspects, summary: summary,
            latitude: latitude, longitude: longitude))
    }
}
