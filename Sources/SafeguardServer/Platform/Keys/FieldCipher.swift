import Crypto
import Fluent
import NIOConcurrencyHelpers
import Vapor

/// Mã hóa dữ liệu khi lưu trữ: the columns that hold what must not be readable in a database file,
/// a dump or a backup — free text about people and offences, a denouncer's identity, evidence files,
/// uploaded imports, second-factor secrets — are sealed with AES-256-GCM (NIST SP 800-38D).
///
/// Envelope encryption: each purpose (a group of tables) has its own random **data key**, kept in
/// `data_keys` only wrapped by a key derived from the master key (`MasterKey`, a file never in the
/// database). So a stolen dump holds ciphertext and wrapped keys and nothing to open them with,
/// and rotating a data key (`safeguard keys rotate`) re-seals rows without touching the master key.
/// Each value is bound to its column (the associated data), so ciphertext moved to another column
/// does not open. A value that is not an envelope is a row written before encryption and is read
/// as it is until `safeguard keys rotate` seals it.
final class FieldCipher: Sendable {
    /// A group of columns sharing a data key: rotated, and in time retired, together.
    enum Purpose: String, CaseIterable, Sendable {
        case crimeRecords = "crime-records"
        case evidence
        case imports
        case accounts
        /// Registers of people (people under management, citizens' tips, mediation parties).
        case people
    }

    /// A sealed column: its table and name (the associated data) and its purpose's key.
    struct Column: Sendable, Hashable {
        var table: String
        var name: String
        var purpose: Purpose
        var isBinary = false
        /// The primary key of its table, for batched re-sealing.
        var key = "id"

        var label: String { "\(table).\(name)" }

        static let caseSummary = Column(table: "criminal_cases", name: "summary", purpose: .crimeRecords)
        static let reportSource = Column(table: "crime_reports", name: "source", purpose: .crimeRecords)
        static let reportSummary = Column(table: "crime_reports", name: "summary", purpose: .crimeRecords)
        static let reclassificationReason = Column(table: "case_reclassifications", name: "reason", purpose: .crimeRecords)
        static let taskEvidence = Column(table: "evidence_contents", name: "bytes", purpose: .evidence, isBinary: true)
        static let assessmentEvidence = Column(table: "assessment_evidence", name: "bytes", purpose: .evidence, isBinary: true)
        static let outreachEvidence = Column(table: "outreach_evidence", name: "bytes", purpose: .evidence, isBinary: true)
        static let pendingImport = Column(table: "pending_imports", name: "content", purpose: .imports, isBinary: true)
        static let secondFactor = Column(table: "users", name: "totp_secret", purpose: .accounts)
        static let personIdentity = Column(table: "managed_people", name: "identity", purpose: .people)
        static let personBasis = Column(table: "managed_people", name: "basis_number", purpose: .people)
        static let personHelper = Column(table: "managed_people", name: "helper", purpose: .people)
        static let personEventDetail = Column(table: "managed_person_events", name: "detail", purpose: .people)
        static let tipReporter = Column(table: "citizen_reports", name: "reporter", purpose: .people)
        static let tipDescription = Column(table: "citizen_reports", name: "description", purpose: .people)
        static let tipPlace = Column(table: "citizen_reports", name: "place", purpose: .people)
        static let tipOutcome = Column(table: "citizen_reports", name: "outcome_note", purpose: .people)
        static let tipMessage = Column(table: "citizen_messages", name: "body", purpose: .people)
        static let tipAttachment = Column(table: "citizen_attachments", name: "bytes", purpose: .evidence, isBinary: true)

        /// Every sealed column: what `safeguard keys rotate` walks and the at-rest test checks.
        static let all: [Column] = [caseSummary, reportSource, reportSummary, reclassificationReason, taskEvidence, assessmentEvidence,
                                    outreachEvidence, pendingImport, secondFactor, personIdentity, personBasis, personHelper,
                                    personEventDetail, tipReporter, tipDescription, tipPlace, tipOutcome, tipMessage, tipAttachment]
    }

    enum Failure: Error, CustomStringConvertible {
        /// An envelope names a data key this database does not have.
        case unknownKey(UUID)
        /// The value was altered, moved from another column, or sealed under another master key.
        case notAuthentic(String)
        var description: String {
            switch self {
            case .unknownKey(let id): "sealed with data key \(id), which data_keys does not hold"
            case .notAuthentic(let column): "a value in \(column) does not open: altered, moved from another column, or sealed under another master key"
            }
        }
    }

    private struct Keyring {
        var keys: [UUID: SymmetricKey] = [:]
        var current: [Purpose: UUID] = [:]
        /// `systemUptime` when loaded: a monotonic clock, not the calendar.
        var loadedAt: TimeInterval = -.infinity
    }

    /// How long an instance seals with the key it knows before looking for a newer one: after a
    /// rotation, every instance moves to the new key within this time.
    static let refreshInterval: TimeInterval = 60

    private let wrappingKey: SymmetricKey
    private let clock: WallClock
    private let keyring = NIOLockedValueBox(Keyring())

    init(master: MasterKey, clock: WallClock) {
        wrappingKey = master.derived(for: .fieldEncryption)
        self.clock = clock
    }

    // MARK: Sealing

    /// Seals `text` for `column` with its purpose's current data key.
    func seal(_ text: String, for column: Column, on db: any Database) async throws -> String {
        try await sealer(for: column.purpose, on: db).seal(text, for: column)
    }

    func seal(_ bytes: Data, for column: Column, on db: any Database) async throws -> Data {
        try await sealer(for: column.purpose, on: db).seal(bytes, for: column)
    }

    /// A synchronous sealer with the current key: for many rows at once (a bulk import, a
    /// re-sealing batch), and what the single-value `seal`s use.
    func sealer(for purpose: Purpose, on db: any Database) async throws -> Sealer {
        let (id, key) = try await currentKey(for: purpose, on: db)
        return Sealer(id: id, key: key)
    }

    /// The envelopes: `sg1.<key id>.<base64 of nonce ‖ ciphertext ‖ tag>` for text, and
    /// `SG1` ‖ the key id's 16 bytes ‖ nonce ‖ ciphertext ‖ tag for files.
    struct Sealer: Sendable {
        let id: UUID
        let key: SymmetricKey

        func seal(_ text: String, for column: Column) throws -> String {
            FieldCipher.textPrefix + id.uuidString + "." + (try FieldCipher.sealed(Data(text.utf8), key: key, column: column)).base64EncodedString()
        }

        func seal(_ bytes: Data, for column: Column) throws -> Data {
            FieldCipher.binaryPrefix + withUnsafeBytes(of: id.uuid) { Data($0) } + (try FieldCipher.sealed(bytes, key: key, column: column))
        }
    }

    // MARK: Opening

    func open(_ stored: String, for column: Column, on db: any Database) async throws -> String {
        try await openText(stored, for: column, on: db)
    }

    private func openText(_ stored: String, for column: Column, on db: any Database) async throws -> String {
        guard let (id, sealed) = Self.textEnvelope(stored) else { return stored }
        let plain = try Self.open(sealed, key: try await key(id, on: db), column: column)
        guard let text = String(data: plain, encoding: .utf8) else { throw Failure.notAuthentic(column.label) }
        return text
    }

    func open(_ stored: String?, for column: Column, on db: any Database) async throws -> String? {
        guard let stored else { return nil }
        return try await openText(stored, for: column, on: db)
    }

    func open(_ stored: Data, for column: Column, on db: any Database) async throws -> Data {
        guard let (id, sealed) = Self.binaryEnvelope(stored) else { return stored }
        return try Self.open(sealed, key: try await key(id, on: db), column: column)
    }

    /// The data key a stored value is sealed with; nil for a value stored in clear.
    static func keyID(of stored: String) -> UUID? { textEnvelope(stored)?.0 }
    static func keyID(of stored: Data) -> UUID? { binaryEnvelope(stored)?.0 }

    // MARK: Envelopes

    static let textPrefix = "sg1."
    static let binaryPrefix = Data("SG1".utf8)

    private static func textEnvelope(_ stored: String) -> (UUID, Data)? {
        guard stored.hasPrefix(textPrefix) else { return nil }
        let rest = stored.dropFirst(textPrefix.count)
        guard let dot = rest.firstIndex(of: "."), let id = UUID(uuidString: String(rest[..<dot])),
              let sealed = Data(base64Encoded: String(rest[rest.index(after: dot)...])) else { return nil }
        return (id, sealed)
    }

    private static func binaryEnvelope(_ stored: Data) -> (UUID, Data)? {
        let bytes = [UInt8](stored)
        guard bytes.count >= 3 + 16 + 28, bytes.starts(with: binaryPrefix) else { return nil }
        let idBytes = Array(bytes[3..<19])
        let id = UUID(uuid: (idBytes[0], idBytes[1], idBytes[2], idBytes[3], idBytes[4], idBytes[5], idBytes[6], idBytes[7],
                             idBytes[8], idBytes[9], idBytes[10], idBytes[11], idBytes[12], idBytes[13], idBytes[14], idBytes[15]))
        return (id, Data(bytes[19...]))
    }

    static func sealed(_ plain: Data, key: SymmetricKey, column: Column) throws -> Data {
        // A fresh random 96-bit nonce per value; the combined form is nonce ‖ ciphertext ‖ tag.
        guard let combined = try AES.GCM.seal(plain, using: key, authenticating: Data(column.label.utf8)).combined else {
            throw Failure.notAuthentic(column.label)
        }
        return combined
    }

    private static func open(_ sealed: Data, key: SymmetricKey, column: Column) throws -> Data {
        do { return try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: key, authenticating: Data(column.label.utf8)) } catch {
            throw Failure.notAuthentic(column.label)
        }
    }

    // MARK: Data keys

    private func currentKey(for purpose: Purpose, on db: any Database) async throws -> (UUID, SymmetricKey) {
        let cached = keyring.withLockedValue { ring -> (UUID, SymmetricKey)? in
            guard ProcessInfo.processInfo.systemUptime - ring.loadedAt < Self.refreshInterval, let id = ring.current[purpose], let key = ring.keys[id] else { return nil }
            return (id, key)
        }
        if let cached { return cached }
        try await reload(on: db)
        if let loaded = keyring.withLockedValue({ ring in ring.current[purpose].flatMap { id in ring.keys[id].map { (id, $0) } } }) { return loaded }
        // Every purpose has a key from the migration on (`ensureKeys`); should one be missing, it is
        // made here, in the caller's transaction, and not remembered: were that transaction rolled
        // back, a remembered key would seal values nothing could open after a restart.
        let key = SymmetricKey(size: .bits256)
        let created = try DataKey(purpose: purpose, key: key, wrappingKey: wrappingKey, createdAt: clock.now())
        try await created.create(on: db)
        return (try created.requireID(), key)
    }

    /// A data key for every purpose that has none, each committed on its own (never inside a
    /// request's transaction): run by the migration that introduced sealing.
    func ensureKeys(on db: any Database) async throws {
        try await reload(on: db)
        for purpose in Purpose.allCases where keyring.withLockedValue({ $0.current[purpose] }) == nil {
            try await DataKey(purpose: purpose, key: SymmetricKey(size: .bits256), wrappingKey: wrappingKey, createdAt: clock.now()).create(on: db)
        }
        try await reload(on: db)
    }

    /// The current data key's id for `purpose`, nil before anything of it was sealed.
    func currentKeyID(for purpose: Purpose, on db: any Database) async throws -> UUID? {
        try await reload(on: db)
        return keyring.withLockedValue { $0.current[purpose] }
    }

    private func key(_ id: UUID, on db: any Database) async throws -> SymmetricKey {
        if let key = keyring.withLockedValue({ $0.keys[id] }) { return key }
        try await reload(on: db)
        if let key = keyring.withLockedValue({ $0.keys[id] }) { return key }
        throw Failure.unknownKey(id)
    }

    /// Every data key, unwrapped; the newest unretired one of each purpose becomes current.
    func reload(on db: any Database) async throws {
        let rows = try await DataKey.query(on: db).sort(\.$createdAt).sort(\.$id).all()
        var ring = Keyring(loadedAt: ProcessInfo.processInfo.systemUptime)
        for row in rows {
            let id = try row.requireID()
            ring.keys[id] = try row.unwrap(with: wrappingKey)
            if row.retiredAt == nil, let purpose = Purpose(rawValue: row.purpose) { ring.current[purpose] = id }
        }
        keyring.withLockedValue { $0 = ring }
    }

    /// A new data key for `purpose`, current from now on; the older ones stay until no value uses them.
    func rotate(_ purpose: Purpose, on db: any Database) async throws -> UUID {
        let now = clock.now()
        let created = try DataKey(purpose: purpose, key: SymmetricKey(size: .bits256), wrappingKey: wrappingKey, createdAt: now)
        try await db.transaction { db in
            try await DataKey.query(on: db).filter(\.$purpose == purpose.rawValue).filter(\.$retiredAt == nil).set(\.$retiredAt, to: now).update()
            try await created.create(on: db)
        }
        try await reload(on: db)
        return try created.requireID()
    }
}

extension Application {
    private struct FieldCipherKey: StorageKey { typealias Value = FieldCipher }

    /// Made by `configure` from the master key.
    var fieldCipher: FieldCipher {
        get {
            guard let cipher = storage[FieldCipherKey.self] else { fatalError("configure(_:settings:) was not called") }
            return cipher
        }
        set { storage[FieldCipherKey.self] = newValue }
    }
}

extension Request {
    var fieldCipher: FieldCipher { application.fieldCipher }
}
