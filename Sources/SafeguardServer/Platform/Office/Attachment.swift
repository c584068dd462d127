import Vapor

extension Response {
    /// A file sent as a download (never rendered in the app's origin: its type as checked,
    /// `nosniff`), not cached. The name goes as ASCII for old clients and in UTF-8 (RFC 6266)
    /// for the rest, so "Biên bản.pdf" arrives as itself.
    static func attachment(_ data: Data, type: String, name: String) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: type)
        let ascii = String(name.unicodeScalars.map { $0.isASCII && $0 != "\"" ? Character($0) : "_" })
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ascii
        headers.replaceOrAdd(name: .contentDisposition,
                             value: ascii == name ? "attachment; filename=\"\(name)\"" : "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)")
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}
