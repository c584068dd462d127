/// Minh chứng: a file attached to a progress report. Only documents and pictures are taken, and a
/// file is judged by its content, not its name: a ".pdf" that is not a PDF is refused, so nothing
/// executable or disguised is ever stored or served.
public enum EvidenceKind: String, Sendable, CaseIterable {
    case pdf, docx, xlsx, png, jpeg

    /// Largest file accepted, in bytes.
    public static let maximumSize = 10 * 1024 * 1024
    /// Most files on one report.
    public static let maximumFiles = 5

    public var contentType: String {
        switch self {
        case .pdf: "application/pdf"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        }
    }

    /// Why a file is refused.
    public enum Refusal: Error, Equatable, Sendable {
        case empty
        case tooLarge(limit: Int)
        case typeNotAllowed(String)
        case contentMismatch(String)
    }

    /// The kind of a file named `name` with these bytes, checked by its signature: PDF `%PDF-`, PNG's
    /// eight bytes, JPEG `FF D8 FF`, and for DOCX/XLSX a ZIP whose directory lists
    /// `[Content_Types].xml` and `word/document.xml` or `xl/workbook.xml` (`ZIPDirectory`).
    public static func of(name: String, bytes: [UInt8]) throws(Refusal) -> EvidenceKind {
        guard !bytes.isEmpty else { throw .empty }
        guard bytes.count <= maximumSize else { throw .tooLarge(limit: maximumSize) }
        let dot = name.lastIndex(of: ".").map { name[name.index(after: $0)...].lowercased() } ?? ""
        let kind: EvidenceKind
        switch dot {
        case "pdf": kind = .pdf
        case "docx": kind = .docx
        case "xlsx": kind = .xlsx
        case "png": kind = .png
        case "jpg", "jpeg": kind = .jpeg
        default: throw .typeNotAllowed(dot.isEmpty ? name : "." + dot)
        }
        func starts(_ prefix: [UInt8]) -> Bool { bytes.count >= prefix.count && Array(bytes[0..<prefix.count]) == prefix }
        func holds(_ part: String) -> Bool {
            guard let names = ZIPDirectory.names(in: bytes) else { return false }
            return names.contains(part) && names.contains("[Content_Types].xml")
        }
        let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
        let matches: Bool = switch kind {
        case .pdf: starts(Array("%PDF-".utf8))
        case .png: starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        case .jpeg: starts([0xFF, 0xD8, 0xFF])
        case .docx: starts(zip) && holds("word/document.xml")
        case .xlsx: starts(zip) && holds("xl/workbook.xml")
        }
        guard matches else { throw .contentMismatch("." + dot) }
        return kind
    }

    /// A file name safe to show and to send back in `Content-Disposition`: the last path component,
    /// letters (Vietnamese included), digits, spaces, `.`, `-`, `_` and `()` kept, at most 120 characters.
    public static func safeName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let kept = last.filter { $0.isLetter || $0.isNumber || " .-_()".contains($0) }.trimmed
        let bounded = String(kept.prefix(120))
        return bounded.isEmpty || bounded.allSatisfy({ $0 == "." }) ? "tep" : bounded
    }
}

/// Báo cáo tiến độ: one progress report on an assignment as a form states it.
public struct ProgressDraft: Sendable, Equatable {
    public var text: String?
    public var percent: String?
    public var completes: Bool
    public var evidenceCount: Int
    public var requiresEvidence: Bool

    public init(text: String?, percent: String?, completes: Bool, evidenceCount: Int, requiresEvidence: Bool) {
        self.text = text
        self.percent = percent
        self.completes = completes
        self.evidenceCount = evidenceCount
        self.requiresEvidence = requiresEvidence
    }

    public struct Valid: Sendable, Equatable {
        public var text: String
        public var percent: Int
        public var completes: Bool
    }

    /// Every problem at once (`text`, `percent`, `evidence`). Completion means 100% and, unless the
    /// assignment says otherwise, at least one file of evidence ("hoàn thành phải có minh chứng").
    public func validate() -> Result<Valid, FieldErrors> {
        var errors: [FieldError] = []
        let text = text?.trimmed ?? ""
        if text.isEmpty { errors.append(FieldError("text", .required)) }
        if text.count > 4000 { errors.append(FieldError("text", .outOfRange("≤ 4000"))) }
        let percent = completes ? 100 : FieldParsing.integer(percent, field: "percent", required: true, range: 0...100, errors: &errors)
        if completes && requiresEvidence && evidenceCount == 0 { errors.append(FieldError("evidence", .required)) }
        if evidenceCount > EvidenceKind.maximumFiles { errors.append(FieldError("evidence", .outOfRange("≤ \(EvidenceKind.maximumFiles)"))) }
        guard errors.isEmpty, let percent else { return .failure(FieldErrors(errors)) }
        return .success(Valid(text: text, percent: percent, completes: completes))
    }
}
