/// Mã QR: a QR Code symbol (ISO/IEC 18004) for a short text, such as the `otpauth://` link an
/// authenticator app scans when an officer turns on two-step sign-in.
///
/// Written here from the standard rather than taken from a package, so that the core keeps to
/// Foundation and the server can draw the symbol itself (as SVG, without a script or an image
/// fetched from elsewhere, which a strict Content-Security-Policy would block anyway).
///
/// Only what such links need is implemented: byte mode (the text's UTF-8), versions 1–40, the
/// four error-correction levels, automatic choice of the smallest version and of the mask.
///
/// The standard reads byte mode as ISO 8859-1 unless an ECI (Extended Channel Interpretation)
/// header says otherwise, and readers that see no ECI guess: ZBar 0.23 reads the UTF-8 of
/// "Công an lắng nghe ý kiến Nhân dân" as Big5 ("C繫ng an l廕疸g…") and that of "Đồng chí" as
/// Shift JIS, though it reads them right after an ECI. So a text with any
/// character beyond ASCII is preceded by ECI 000026 (UTF-8), which costs 12 bits. An ASCII text,
/// which is the same in ISO 8859-1 and UTF-8 — an `otpauth://` link is one — gets no ECI, so
/// that it stays as small as it can be and is read by readers that do not know ECIs.
public struct QRCode: Sendable, Equatable {
    /// The error-correction level: how much of the symbol may be damaged or covered and still be
    /// read — about 7 %, 15 %, 25 % and 30 % of the codewords. More correction, bigger symbol.
    public enum Correction: Sendable, CaseIterable {
        case low, medium, quartile, high

        /// The level's two bits in the format information (Table 12): 01, 00, 11, 10 — not in the
        /// order of strength, so they are spelled out rather than derived from the case's position.
        var formatBits: Int {
            switch self {
            case .low: 0b01
            case .medium: 0b00
            case .quartile: 0b11
            case .high: 0b10
            }
        }

        /// The row in `QRCode.Blocks`' tables.
        var tableRow: Int {
            switch self {
            case .low: 0
            case .medium: 1
            case .quartile: 2
            case .high: 3
            }
        }
    }

    /// Why a text cannot be encoded.
    public enum Failure: Error, Equatable, Sendable {
        /// The text's UTF-8 is `bytes` long, more than version 40 holds at the asked level
        /// (2953 bytes of ASCII at low, 1273 at high; one byte less with the ECI).
        case tooLong(bytes: Int)
    }

    /// Modules per side, without the quiet zone: 17 + 4 × version.
    public let size: Int
    /// 1–40: the smallest that holds the text at the asked level.
    public let version: Int
    public let correction: Correction
    /// 0–7: the data mask that scored the lowest penalty (§7.8.3).
    public let mask: Int
    /// Row-major, `true` for dark.
    let modules: [Bool]

    /// Encodes `text`'s UTF-8 in byte mode (after an ECI header for UTF-8 when the text is not
    /// all ASCII), in the smallest version that holds it at `correction`, with the mask that the
    /// standard's four penalty rules score lowest.
    public init(encoding text: String, correction: Correction = .medium) throws(Failure) {
        let bytes = Array(text.utf8)
        try self.init(bytes: bytes, correction: correction, utf8ECI: bytes.contains { $0 >= 0x80 })
    }

    /// The encoder itself, on bytes. `utf8ECI` writes the ECI header for UTF-8 first. `mask` and
    /// `minimumVersion` force a choice the standard leaves to the encoder, so that tests can
    /// compare a symbol module for module with another encoder's.
    init(bytes: [UInt8], correction: Correction, utf8ECI: Bool = false, mask forcedMask: Int? = nil, minimumVersion: Int = 1) throws(Failure) {
        let header = utf8ECI ? Self.utf8ECIBits : 0
        guard let version = (max(1, minimumVersion)...40).first(where: { Self.fits(bytes.count, version: $0, correction: correction, headerBits: header) }) else {
            throw .tooLong(bytes: bytes.count)
        }
        let blocks = Blocks(version: version, correction: correction)
        let data = Self.dataCodewords(bytes, version: version, capacity: blocks.dataCodewords, utf8ECI: utf8ECI)
        let codewords = Self.interleaved(data, blocks: blocks)

        var grid = Grid(version: version)
        grid.place(codewords)

        var best: (mask: Int, grid: Grid, penalty: Int)?
        for mask in forcedMask.map({ [$0] }) ?? Array(0..<8) {
            var candidate = grid
            candidate.apply(mask: mask)
            candidate.drawFormat(correction: correction, mask: mask)
            let penalty = forcedMask == nil ? candidate.penalty() : 0
            if best == nil || penalty < best!.penalty { best = (mask, candidate, penalty) }
        }
        self.version = version
        self.size = grid.size
        self.correction = correction
        self.mask = best!.mask
        self.modules = best!.grid.dark
    }

    /// Whether the module in column `x`, row `y` (from the top-left corner) is dark. Outside the
    /// symbol is the quiet zone, which is light.
    public func isDark(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < size, y < size else { return false }
        return modules[y * size + x]
    }

    /// The symbol as a small SVG document to put inline in a page: one `<path>` whose
    /// sub-paths are the horizontal runs of dark modules, on a white background (a phone cannot
    /// read a symbol drawn on a dark page theme), `crispEdges` so that browsers do not blur the
    /// edges between modules, and `role="img"` with a `<title>` so that a screen reader says what
    /// it is. Nothing in it runs or loads anything.
    ///
    /// - Parameters:
    ///   - moduleSize: the width and height the document asks for, per module (at least 1).
    ///   - quietZone: light modules around the symbol; the standard asks for 4 (at least 0).
    ///   - title: the accessible name; escaped for XML, with characters XML cannot carry left out.
    public func svg(moduleSize: Int = 4, quietZone: Int = 4, title: String) -> String {
        let margin = max(0, quietZone)
        let extent = size + 2 * margin
        let pixels = extent * max(1, moduleSize)
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else { x += 1; continue }
                let start = x
                while x < size, isDark(x: x, y: y) { x += 1 }
                path += "M\(start + margin) \(y + margin)h\(x - start)v1h-\(x - start)z"
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(pixels)\" height=\"\(pixels)\" "
            + "viewBox=\"0 0 \(extent) \(extent)\" role=\"img\" shape-rendering=\"crispEdges\">"
            + "<title>\(XMLText.escaped(title))</title>"
            + "<rect width=\"\(extent)\" height=\"\(extent)\" fill=\"#fff\"/>"
            + "<path fill=\"#000\" d=\"\(path)\"/></svg>"
    }
}
