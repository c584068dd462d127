import Crypto
import Fluent
import Foundation

/// Khóa dữ liệu: one data key of the field encryption (`FieldCipher`), stored only wrapped
/// (AES-256-GCM under a key derived from the master key, bound to its own id and purpose), so the
/// table is useless without the master key file.
final class DataKey: Model, @unchecked Sendable {
    static let schema = "data_keys"

    @ID(key: .id) var id: UUID?
    @Field(key: "purpose") var purpose: String
    /// nonce ‖ ciphertext ‖ tag of the 32-byte key, in base64.
    @Field(key: "wrapped") var wrapped: String
    @Field(key: "created_at") var createdAt: Date
    /// Set when a newer key of the purpose took over; the key still opens what it sealed.
    @OptionalField(key: "retired_at") var retiredAt: Date?

    init() {}

    init(purpose: FieldCipher.Purpose, key: SymmetricKey, wrappingKey: SymmetricKey, createdAt: Date) throws {
        let id = UUID()
        self.id = id
        self.purpose = purpose.rawValue
        self.createdAt = createdAt
        let material = key.withUnsafeBytes { Data($0) }
        guard let combined = try AES.GCM.seal(material, using: wrappingKey, authenticating: Self.label(id: id, purpose: purpose.rawValue)).combined else {
            throw FieldCipher.Failure.notAuthentic(Self.schema)
        }
        wrapped = combined.base64EncodedString()
    }

    private static func label(id: UUID, purpose: String) -> Data { Data("data-key:\(purpose):\(id.uuidString)".utf8) }

    func unwrap(with wrappingKey: SymmetricKey) throws -> SymmetricKey {
        guard let id, let combined = Data(base64Encoded: wrapped),
              let material = try? AES.GCM.open(AES.GCM.SealedBox(combined: combined), using: wrappingKey, authenticating: Self.label(id: id, purpose: purpose))
        else { throw FieldCipher.Failure.notAuthentic("\(Self.schema) (is SAFEGUARD_MASTER_KEY_FILE the key this database was made with?)") }
        return SymmetricKey(data: material)
    }
}
