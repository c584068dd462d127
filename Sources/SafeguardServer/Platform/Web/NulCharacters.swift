import Vapor

/// U+0000 in a text a client sends is replaced by U+FFFD (�) before the body is decoded.
///
/// PostgreSQL cannot store the NUL character in text at all ("invalid byte sequence for encoding
/// UTF8: 0x00", a 500), SQLite can; no person types one, so a NUL is an artefact of a broken client
/// or an attack. Replacing it — as PostgreSQL's own documentation suggests for such data — keeps
/// the two engines alike and the text otherwise as sent. JSON bodies (`\u0000` escapes, read with
/// their string and escape state so a literal `\\u0000` is left alone) and URL-encoded forms
/// (`%00`) are rewritten as they are decoded; multipart bodies are not, since their files are bytes.
/// The decoders of request bodies, wrapped: `ContentConfiguration` uses these for JSON and forms.
struct NulReplacingDecoder: ContentDecoder {
    let inner: any ContentDecoder
    let clean: @Sendable (ByteBuffer) -> ByteBuffer?

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders) throws -> D {
        try inner.decode(decodable, from: clean(body) ?? body, headers: headers)
    }

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders, userInfo: [CodingUserInfoKey: any Sendable]) throws -> D {
        try inner.decode(decodable, from: clean(body) ?? body, headers: headers, userInfo: userInfo)
    }

    /// Wraps Vapor's decoders for JSON and URL-encoded forms (once: a second call finds them wrapped).
    static func install() throws {
        var configuration = ContentConfiguration.global
        for (type, clean) in [(HTTPMediaType.json, NulCharacters.json), (.urlEncodedForm, NulCharacters.form)] {
            let current = try configuration.requireDecoder(for: type)
            guard !(current is NulReplacingDecoder) else { continue }
            configuration.use(decoder: NulReplacingDecoder(inner: current, clean: clean), for: type)
        }
        ContentConfiguration.global = configuration
    }
}

enum NulCharacters {
    private static let replacement = Array(#"\ufffd"#.utf8)

    /// The JSON with every `\u0000` escape inside a string replaced, nil when there is none.
    static func json(_ body: ByteBuffer) -> ByteBuffer? {
        let bytes = Array(body.readableBytesView)
        let zero = Array("0000".utf8)
        guard bytes.firstRange(of: Array(#"\u0000"#.utf8)) != nil else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var inString = false
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if inString && b == UInt8(ascii: "\\") && i + 1 < bytes.count {
                if bytes[i + 1] == UInt8(ascii: "u"), i + 6 <= bytes.count, Array(bytes[(i + 2)..<(i + 6)]) == zero {
                    out += replacement
                    i += 6
                } else {
                    out += [b, bytes[i + 1]]
                    i += 2
                }
                continue
            }
            if b == UInt8(ascii: "\"") { inString.toggle() }
            out.append(b)
            i += 1
        }
        return ByteBuffer(bytes: out)
    }

    /// The form with every `%00` replaced by the encoded U+FFFD, nil when there is none.
    static func form(_ body: ByteBuffer) -> ByteBuffer? {
        let text = String(decoding: body.readableBytesView, as: UTF8.self)
        guard text.contains("%00") else { return nil }
        return ByteBuffer(string: text.replacingOccurrences(of: "%00", with: "%EF%BF%BD"))
    }
}
