/// A kind of crime the early warning watches (theo dõi): cases of some statistics categories
/// and/or Penal Code articles. Data, not code: `Resources/Data/early-warning/watches.yaml`.
public struct Watch: Sendable, Codable, Equatable {
    public var id: String
    public var name: String
    public var categories: [String]?
    public var articles: [Int]?

    public init(id: String, name: String, categories: [String]? = nil, articles: [Int]? = nil) {
        self.id = id
        self.name = name
        self.categories = categories
        self.articles = articles
    }

    /// Whether a case of this category and article counts.
    public func matches(category: String, article: Int) -> Bool {
        (categories?.contains(category) ?? false) || (articles?.contains(article) ?? false)
    }
}
