/// Bộ luật Hình sự: the articles Safeguard knows, with each clause's maximum penalty, so that a
/// case's severity follows from its article and clause (Art. 9) instead of being typed in.
public struct PenalCode: Sendable {
    /// The maximum penalty of a clause's bracket.
    public enum MaximumPenalty: Sendable, Equatable {
        case nonCustodial
        case months(Int)
        case years(Int)
        case life
        case death
    }

    public struct Article: Sendable, Equatable {
        public var number: Int
        public var title: String
        public var clauses: [Int: MaximumPenalty]
        public var category: String

        public init(number: Int, title: String, clauses: [Int: MaximumPenalty], category: String) {
            self.number = number
            self.title = title
            self.clauses = clauses
            self.category = category
        }
    }

    public var articles: [Int: Article]

    public init(articles: [Article]) {
        self.articles = Dictionary(articles.map { ($0.number, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public enum LookupError: Error, Equatable, Sendable {
        case unknownArticle(Int)
        case unknownClause(article: Int, clause: Int)
    }

    public func severity(article: Int, clause: Int) throws(LookupError) -> CrimeSeverity {
        guard let a = articles[article] else { throw .unknownArticle(article) }
        guard let penalty = a.clauses[clause] else { throw .unknownClause(article: article, clause: clause) }
        return CrimeSeverity(maximum: penalty)
    }
}

extension CrimeSeverity {
    /// Penal Code Art. 9: ít nghiêm trọng ≤ 3 years or non-custodial; nghiêm trọng > 3–7 years;
    /// rất nghiêm trọng > 7–15 years; đặc biệt nghiêm trọng > 15–20 years, life or death.
    public init(maximum: PenalCode.MaximumPenalty) {
        let months: Int
        switch maximum {
        case .nonCustodial: months = 0
        case .months(let m): months = m
        case .years(let y): months = y * 12
        case .life, .death:
            self = .especiallySerious
            return
        }
        switch months {
        case ...36: self = .lessSerious
        case ...84: self = .serious
        case ...180: self = .verySerious
        default: self = .especiallySerious
        }
    }

    /// Ordered from least to most serious, for spotting downgrades.
    public var rank: Int {
        switch self {
        case .lessSerious: 0
        case .serious: 1
        case .verySerious: 2
        case .especiallySerious: 3
        }
    }
}
