/// A secret a person reads, types or writes down — a one-time password, a recovery code: random
/// characters (the system's CSPRNG) from 31 without look-alikes (no 0/o, 1/l/i), about 4.95 bits each.
enum ReadableSecret {
    static let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")

    static func make(length: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
