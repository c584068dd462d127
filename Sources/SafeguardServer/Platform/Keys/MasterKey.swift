import Crypto
import Vapor

/// Khóa chủ: the one secret the server keeps outside the database, from which every purpose's key
/// is derived (HKDF-SHA256, RFC 5869): the audit log's anchors, the wrapping of the field encryption's
/// data keys, the blind indexes. Kept in a file (`SAFEGUARD_MASTER_KEY_FILE`) so that a database backup or dump
/// never holds it. Several app instances must read the same file.
///
/// The file holds 32 random bytes in base64 on one line; `safeguard keys create FILE` writes one.
struct MasterKey: Sendable {
    /// A purpose a key is derived for; the label is part of the derivation, so two purposes never
    /// share a key.
    enum Purpose: String, Sendable {
        case auditAnchor = "safeguard/audit-anchor/v1"
        /// Wraps the field encryption's data keys (`FieldCipher`).
        case fieldEncryption = "safeguard/data-key-wrapping/v1"
        /// Keys the blind indexes of exact lookups (`BlindIndex`).
        case blindIndex = "safeguard/blind-index/v1"
        /// Keys the hashes of two-factor recovery codes (`TwoFactor`).
        case recoveryCodes = "safeguard/recovery-codes/v1"
        /// Keys the hashes of citizens' receipts (`PortalKeys`).
        case tipReceipts = "safeguard/tip-receipts/v1"
        /// Signs the proof-of-work challenges of the public form (`PortalKeys`).
        case tipChallenges = "safeguard/tip-challenges/v1"
        /// Keys the day's hashes of client addresses, held in memory only, for rate limits (`PortalKeys`).
        case tipRateLimits = "safeguard/tip-rate-limits/v1"
    }

    private let key: SymmetricKey

    init(bytes: [UInt8]) { key = SymmetricKey(data: bytes) }

    func derived(for purpose: Purpose) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Data(purpose.rawValue.utf8), outputByteCount: 32)
    }

    /// Why a key file cannot be used, in words an operator can act on.
    struct FileError: Error, CustomStringConvertible {
        var path: String
        var problem: String
        var description: String { "master key file \(path): \(problem)" }
    }

    /// The key in `path`. A missing file is created (readable by this user only) when `create`
    /// allows it: for the default path of a single server; a path the operator named must exist,
    /// since a second instance making its own key would not read the first one's data.
    static func load(path: String, create: Bool) throws -> MasterKey {
        let manager = FileManager.default
        if !manager.fileExists(atPath: path) {
            guard create else { throw FileError(path: path, problem: "does not exist (create it once with `safeguard keys create \(path)` and give every instance the same file)") }
            return try write(to: path)
        }
        guard let text = manager.contents(atPath: path).flatMap({ String(data: $0, encoding: .utf8) }) else {
            throw FileError(path: path, problem: "cannot be read")
        }
        guard let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == 32 else {
            throw FileError(path: path, problem: "must hold 32 bytes in base64 on one line")
        }
        return MasterKey(bytes: Array(bytes))
    }

    /// A new random key written to `path` (mode 0600), refusing to replace an existing file.
    @discardableResult
    static func write(to path: String) throws -> MasterKey {
        let manager = FileManager.default
        guard !manager.fileExists(atPath: path) else { throw FileError(path: path, problem: "exists already; a key is never overwritten") }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try manager.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        let bytes = [UInt8].random(count: 32)
        guard manager.createFile(atPath: path, contents: Data((Data(bytes).base64EncodedString() + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw FileError(path: path, problem: "cannot be created")
        }
        return MasterKey(bytes: bytes)
    }
}

extension Application {
    private struct MasterKeyKey: StorageKey { typealias Value = MasterKey }

    /// Loaded by `configure` (a file that cannot be used stops start-up).
    var masterKey: MasterKey {
        get {
            guard let key = storage[MasterKeyKey.self] else { fatalError("configure(_:settings:) was not called") }
            return key
        }
        set { storage[MasterKeyKey.self] = newValue }
    }
}
