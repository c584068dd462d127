import Crypto
import Fluent
import Vapor

/// Mốc neo nhật ký: the audit chain's head (its last place and hash) at a moment, signed with a key
/// derived from the master key. Anchors are kept away from the database (a file the operator copies
/// elsewhere), so that someone who can edit the database — and could recompute every hash after the
/// entries they removed — is still caught: the chain no longer reaches, or no longer matches, an
/// anchor they cannot forge without the key file.
struct AuditAnchor: Codable, Sendable, Equatable {
    var seq: Int
    var hash: String
    /// When the anchor was taken, ISO 8601 in UTC.
    var at: String
    /// HMAC-SHA256 of the other three fields, in hex.
    var mac: String

    init(seq: Int, hash: String, at: Date, key: SymmetricKey) {
        self.seq = seq
        self.hash = hash
        self.at = ISO8601DateFormatter().string(from: at)
        self.mac = ""
        self.mac = signature(key: key)
    }

    private func signature(key: SymmetricKey) -> String {
        let message = "audit-anchor/v1;\(seq);\(hash);\(at)"
        return HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: key).hex
    }

    func isSigned(with key: SymmetricKey) -> Bool { signature(key: key) == mac }

    /// An anchor file that cannot be read, naming the line.
    struct FileError: Error, CustomStringConvertible {
        var path: String
        var line: Int?
        var problem: String
        var description: String { "\(path)\(line.map { ":\($0)" } ?? ""): \(problem)" }
    }

    /// The anchors in a file (one JSON object per line), with their line numbers.
    static func read(path: String) throws -> [(line: Int, anchor: AuditAnchor)] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw FileError(path: path, problem: "cannot be read")
        }
        var anchors: [(line: Int, anchor: AuditAnchor)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let anchor = try? JSONDecoder().decode(AuditAnchor.self, from: Data(line.utf8)) else {
                throw FileError(path: path, line: index + 1, problem: "not an anchor (expected {\"seq\",\"hash\",\"at\",\"mac\"})")
            }
            anchors.append((index + 1, anchor))
        }
        return anchors
    }

    /// Appends the chain's head to the file at `path`, unless the file's last anchor is that head
    /// already (a quiet log adds no lines). Returns the anchor written, if one was.
    @discardableResult
    static func appendHead(on db: any Database, to path: String, key: SymmetricKey, now: Date) async throws -> AuditAnchor? {
        guard let head = try await AuditChain.head(on: db), let seq = head.seq, let hash = head.hash else { return nil }
        let manager = FileManager.default
        if manager.fileExists(atPath: path), let last = try read(path: path).last?.anchor, last.seq == seq, last.hash == hash { return nil }
        let anchor = AuditAnchor(seq: seq, hash: hash, at: now, key: key)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let line = try encoder.encode(anchor) + Data("\n".utf8)
        if !manager.fileExists(atPath: path) {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty { try manager.createDirectory(atPath: directory, withIntermediateDirectories: true) }
            guard manager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw FileError(path: path, problem: "cannot be created")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw FileError(path: path, problem: "cannot be written") }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: line)
        return anchor
    }
}

extension MasterKey {
    var auditAnchorKey: SymmetricKey { derived(for: .auditAnchor) }
}
