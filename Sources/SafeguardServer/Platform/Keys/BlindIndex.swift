import Crypto
import Foundation

/// Chỉ mục mù: finds a sealed value by exact match without unsealing every row — an ID number
/// (CCCD) typed in one register is found in another, in any commune. It is the HMAC-SHA-256 of the
/// value, normalised (digits and letters only, upper case), under a key derived from the master key
/// for this purpose and field: equal values give equal indexes, and without the key file the index
/// says nothing (a bare hash of a 12-digit ID number could be reversed by trying them all).
struct BlindIndex: Sendable {
    /// A field indexed; part of the key's derivation, so two fields' indexes never match.
    enum Field: String, Sendable {
        case identityNumber = "identity-number"
    }

    private let key: SymmetricKey

    init(master: MasterKey, field: Field) {
        key = HKDF<SHA256>.deriveKey(inputKeyMaterial: master.derived(for: .blindIndex), info: Data(field.rawValue.utf8), outputByteCount: 32)
    }

    /// The index of `value`; nil when nothing is left after normalising.
    func index(of value: String) -> String? {
        let normalised = String(value.uppercased().unicodeScalars.filter { $0.isASCII && CharacterSet.alphanumerics.contains($0) }.map(Character.init))
        guard !normalised.isEmpty else { return nil }
        return HMAC<SHA256>.authenticationCode(for: Data(normalised.utf8), using: key).hex
    }
}
