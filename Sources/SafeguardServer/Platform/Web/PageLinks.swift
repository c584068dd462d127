import Vapor

/// The page of a long list a request asks for (`?page=`), and links to the pages before and after
/// that keep the request's other query items (filters, year).
struct PageLinks: Encodable {
    var number: Int
    var previous: String?
    var next: String?
    private let perPage: Int

    init(_ req: Request, total: Int, perPage: Int = 100) throws {
        let pages = max(1, (total + perPage - 1) / perPage)
        number = min(try req.pageNumber(), pages)
        self.perPage = perPage
        func link(_ page: Int) -> String {
            var c = URLComponents()
            c.path = req.url.path
            c.queryItems = (URLComponents(string: req.url.string)?.queryItems ?? []).filter { $0.name != "page" } + [URLQueryItem(name: "page", value: String(page))]
            return c.string ?? req.url.path
        }
        previous = number > 1 ? link(number - 1) : nil
        next = number < pages ? link(number + 1) : nil
    }

    /// How many items come before this page (for a query's `range`).
    var offset: Int { (number - 1) * perPage }

    /// This page's items.
    func slice<T>(_ items: [T]) -> ArraySlice<T> {
        items.dropFirst((number - 1) * perPage).prefix(perPage)
    }

    private enum CodingKeys: String, CodingKey { case number, previous, next }
}
