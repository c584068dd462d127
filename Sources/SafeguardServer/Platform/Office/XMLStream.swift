import Foundation

/// What a reader of `XMLStream` is told: elements opening and closing, and the text between them.
///
/// Names arrive without their namespace prefix (`x:row` → `row`): some spreadsheet writers prefix
/// every element, and the parts read here never mix two vocabularies with the same local name.
protocol XMLStreamHandler: AnyObject {
    /// Whether the text now arriving is wanted; text is decoded only then.
    var wantsText: Bool { get }
    func start(_ name: String, attributes: [(name: String, value: String)]) throws
    func end(_ name: String) throws
    func text(_ text: String) throws
}

/// A forward-only XML reader fed in chunks, as a ZIP entry inflates, so a worksheet of a million
/// rows is read without ever holding its XML (Foundation's `XMLParser` on Linux hands the whole
/// document to libxml2, which refuses a text over 10 MB unless told it may be "huge", and keeps it
/// all in memory).
///
/// It reads what Office Open XML parts contain: elements, attributes, character and entity
/// references, CDATA, comments and processing instructions. A document type declaration is refused:
/// no spreadsheet needs one, and it is how entity-expansion bombs and external entities get in.
/// A single tag or run of text longer than `maximumToken` bytes is refused rather than buffered.
final class XMLStream {
    enum Failure: Error, Equatable {
        case malformed(String)
        case tokenTooLong(Int)
    }

    private let handler: any XMLStreamHandler
    private let maximumToken: Int
    private var buffer: [UInt8] = []

    init(_ handler: any XMLStreamHandler, maximumToken: Int = 1 << 20) {
        self.handler = handler
        self.maximumToken = maximumToken
    }

    /// Reads a whole document held in memory (small parts: the workbook, its relationships).
    static func read(_ data: Data, into handler: any XMLStreamHandler) throws {
        let stream = XMLStream(handler)
        try stream.feed(data)
        try stream.finish()
    }

    func feed(_ chunk: Data) throws {
        buffer.append(contentsOf: chunk)
        try drain(final: false)
    }

    /// The end of the document: whatever is left must be complete.
    func finish() throws {
        try drain(final: true)
        guard buffer.allSatisfy(Self.isSpace) else { throw Failure.malformed("unterminated tag at the end") }
    }

    private static let lt = UInt8(ascii: "<"), gt = UInt8(ascii: ">"), amp = UInt8(ascii: "&")
    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    private func drain(final: Bool) throws {
        let consumed = try buffer.withUnsafeBufferPointer { b -> Int in
            var i = 0
            while i < b.count {
                if b[i] == Self.lt {
                    guard let next = try token(b, at: i) else { break }
                    i = next
                } else {
                    var j = i
                    while j < b.count && b[j] != Self.lt { j += 1 }
                    if j == b.count && !final { break }
                    if handler.wantsText { try handler.text(Self.decode(b, i, j)) }
                    i = j
                }
            }
            return i
        }
        buffer.removeFirst(consumed)
        if buffer.count > maximumToken { throw Failure.tokenTooLong(maximumToken) }
    }

    /// Handles the markup starting at `start` (a `<`); returns the index after it, or nil when it
    /// is not all in the buffer yet.
    private func token(_ b: UnsafeBufferPointer<UInt8>, at start: Int) throws -> Int? {
        func find(_ terminator: String, from: Int) -> Int? {
            let t = Array(terminator.utf8)
            var k = from
            while k + t.count <= b.count {
                if b[k] == t[0] && (1..<t.count).allSatisfy({ b[k + $0] == t[$0] }) { return k }
                k += 1
            }
            return nil
        }
        func startsWith(_ prefix: String) -> Bool? {
            let p = Array(prefix.utf8)
            for (n, byte) in p.enumerated() {
                guard start + n < b.count else { return nil }
                if b[start + n] != byte { return false }
            }
            return true
        }
        guard start + 1 < b.count else { return nil }
        switch b[start + 1] {
        case UInt8(ascii: "?"):
            return find("?>", from: start + 2).map { $0 + 2 }
        case UInt8(ascii: "!"):
            guard let comment = startsWith("<!--") else { return nil }
            if comment { return find("-->", from: start + 4).map { $0 + 3 } }
            guard let cdata = startsWith("<![CDATA[") else { return nil }
            if cdata {
                guard let end = find("]]>", from: start + 9) else { return nil }
                if handler.wantsText { try handler.text(String(decoding: UnsafeBufferPointer(rebasing: b[(start + 9)..<end]), as: UTF8.self)) }
                return end + 3
            }
            throw Failure.malformed("a document type declaration is not allowed")
        default:
            // A tag: up to the first `>` outside quotes.
            var k = start + 1
            var quote: UInt8 = 0
            while k < b.count {
                let c = b[k]
                if quote != 0 { if c == quote { quote = 0 } } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") { quote = c } else if c == Self.gt { break }
                k += 1
            }
            guard k < b.count else { return nil }
            try tag(b, start + 1, k)
            return k + 1
        }
    }

    /// `b[from..<to]` is a tag's inside: `/name`, `name attr="v" …`, possibly ending in `/`.
    private func tag(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) throws {
        if b[from] == UInt8(ascii: "/") {
            var end = to
            while end > from + 1 && Self.isSpace(b[end - 1]) { end -= 1 }
            try handler.end(Self.localName(b, from + 1, end))
            return
        }
        var last = to
        let selfClosing = last > from && b[last - 1] == UInt8(ascii: "/")
        if selfClosing { last -= 1 }
        var k = from
        while k < last && !Self.isSpace(b[k]) { k += 1 }
        guard k > from else { throw Failure.malformed("an element without a name") }
        let name = Self.localName(b, from, k)
        var attributes: [(name: String, value: String)] = []
        while true {
            while k < last && Self.isSpace(b[k]) { k += 1 }
            guard k < last else { break }
            let nameStart = k
            while k < last && b[k] != UInt8(ascii: "=") && !Self.isSpace(b[k]) { k += 1 }
            let attributeName = String(decoding: UnsafeBufferPointer(rebasing: b[nameStart..<k]), as: UTF8.self)
            while k < last && Self.isSpace(b[k]) { k += 1 }
            guard k < last, b[k] == UInt8(ascii: "=") else { throw Failure.malformed("attribute \(attributeName) of <\(name)> has no value") }
            k += 1
            while k < last && Self.isSpace(b[k]) { k += 1 }
            guard k < last, b[k] == UInt8(ascii: "\"") || b[k] == UInt8(ascii: "'") else { throw Failure.malformed("attribute \(attributeName) of <\(name)> is not quoted") }
            let quote = b[k]
            k += 1
            let valueStart = k
            while k < last && b[k] != quote { k += 1 }
            guard k < last else { throw Failure.malformed("attribute \(attributeName) of <\(name)> is not closed") }
            attributes.append((attributeName, try Self.decode(b, valueStart, k)))
            k += 1
        }
        try handler.start(name, attributes: attributes)
        if selfClosing { try handler.end(name) }
    }

    private static func localName(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> String {
        var start = from
        for k in from..<to where b[k] == UInt8(ascii: ":") { start = k + 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: b[start..<to]), as: UTF8.self)
    }

    /// Text with its character and entity references replaced.
    static func decode(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) throws -> String {
        let slice = UnsafeBufferPointer(rebasing: b[from..<to])
        guard slice.contains(amp) else { return String(decoding: slice, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(slice.count)
        var k = 0
        while k < slice.count {
            guard slice[k] == amp else { out.append(slice[k]); k += 1; continue }
            var semicolon = k + 1
            while semicolon < slice.count && slice[semicolon] != UInt8(ascii: ";") && semicolon - k < 12 { semicolon += 1 }
            guard semicolon < slice.count, slice[semicolon] == UInt8(ascii: ";") else { throw Failure.malformed("a stray '&' in text") }
            let entity = String(decoding: UnsafeBufferPointer(rebasing: slice[(k + 1)..<semicolon]), as: UTF8.self)
            switch entity {
            case "lt": out.append(lt)
            case "gt": out.append(gt)
            case "amp": out.append(amp)
            case "quot": out.append(UInt8(ascii: "\""))
            case "apos": out.append(UInt8(ascii: "'"))
            default:
                let number: UInt32? = entity.hasPrefix("#x") || entity.hasPrefix("#X") ? UInt32(entity.dropFirst(2), radix: 16)
                    : entity.hasPrefix("#") ? UInt32(entity.dropFirst(), radix: 10) : nil
                guard let number, let scalar = Unicode.Scalar(number) else { throw Failure.malformed("unknown entity &\(entity);") }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            }
            k = semicolon + 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
