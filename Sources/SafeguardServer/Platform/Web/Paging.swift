import Vapor

/// One page of a list in the API: `?page=` (from 1) and `?per_page=`, the total matching in
/// `X-Total-Count`, and the next page in `Link: <…>; rel="next"` (RFC 8288) while there is one.
struct Paging: Sendable {
    var page: Int
    var perPage: Int

    init(_ request: Request, standard: Int = 100, maximum: Int = 500) throws {
        page = try request.pageNumber()
        perPage = try request.perPage(standard: standard, maximum: maximum)
    }

    var offset: Int { (page - 1) * perPage }

    /// Sets the headers on a page's response.
    func describe(_ response: Response, total: Int, for request: Request) {
        response.headers.replaceOrAdd(name: "X-Total-Count", value: String(total))
        guard page * perPage < total else { return }
        var next = URLComponents(string: request.url.string) ?? URLComponents()
        next.queryItems = (next.queryItems ?? []).filter { $0.name != "page" } + [URLQueryItem(name: "page", value: String(page + 1))]
        response.headers.replaceOrAdd(name: .link, value: "<\(next.string ?? "")>; rel=\"next\"")
    }
}
