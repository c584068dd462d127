/// Quy tắc mật khẩu: what a password a person chooses must be.
///
/// OWASP ASVS 5.0 (V6.2) asks for length rather than composition rules: at least 8 characters
/// (Safeguard asks 10), at least 64 allowed, and a check against passwords known to be common or
/// guessable from the account itself. Bcrypt reads only the first 72 bytes of a password, so a
/// longer one is refused instead of being silently cut.
public struct PasswordPolicy: Sendable {
    public enum Problem: Error, Equatable, Sendable {
        case tooShort(minimum: Int)
        case tooLong(maximumBytes: Int)
        /// On the list of common passwords, or one character, or a run like `1234567890`.
        case common
        /// Holds the username (or the username holds it).
        case containsUsername

        public var localizationKey: String {
            switch self {
            case .tooShort: "password_too_short"
            case .tooLong: "password_too_long"
            case .common: "password_common"
            case .containsUsername: "password_contains_username"
            }
        }
    }

    public var minimumLength = 10
    public var maximumBytes = 72

    public init() {}

    /// The first problem with `password` for the account `username`, nil when there is none.
    public func problem(with password: String, username: String) -> Problem? {
        guard password.count >= minimumLength else { return .tooShort(minimum: minimumLength) }
        guard password.utf8.count <= maximumBytes else { return .tooLong(maximumBytes: maximumBytes) }
        let folded = VietnameseFolding.fold(password).filter { !$0.isWhitespace }
        let name = VietnameseFolding.fold(username).filter { !$0.isWhitespace }
        if name.count >= 3 && folded.contains(name) { return .containsUsername }
        if Self.isGuessable(folded) { return .common }
        return nil
    }

    /// Common passwords, a single repeated character, or a run up or down the alphabet, the digits
    /// or a keyboard row, possibly with a common word or digits around it.
    static func isGuessable(_ folded: String) -> Bool {
        if Self.common.contains(folded) { return true }
        let scalars = Array(folded.unicodeScalars)
        if Set(scalars).count <= 2 { return true }
        // A run where each character follows the one before (abcdef…, 123456…, 987654…).
        let steps = zip(scalars, scalars.dropFirst()).map { Int($1.value) - Int($0.value) }
        if Set(steps).count == 1, let step = steps.first, abs(step) == 1 { return true }
        // Keyboard rows and digit runs with little else.
        for row in ["qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890", "0987654321", "abcdefghijklmnopqrstuvwxyz"] {
            for length in stride(from: row.count, through: 6, by: -1) {
                for start in 0...(row.count - length) {
                    let run = String(Array(row)[start..<(start + length)])
                    if folded.contains(run) && folded.count - length <= 4 { return true }
                }
            }
        }
        // A common word with digits or symbols added ("matkhau2026!", "password123").
        let letters = String(folded.unicodeScalars.filter { CharacterSetLetters.contains($0) })
        return Self.commonWords.contains(letters)
    }

    private enum CharacterSetLetters {
        static func contains(_ s: Unicode.Scalar) -> Bool { (s >= "a" && s <= "z") }
    }

    /// Words that make up most guessed passwords, in English and Vietnamese (folded).
    static let commonWords: Set<String> = [
        "password", "passw", "pass", "admin", "administrator", "welcome", "letmein", "qwerty", "abc", "iloveyou",
        "login", "master", "secret", "test", "user", "root", "default", "changeme", "sunshine", "dragon", "monkey",
        "football", "baseball", "princess", "superman", "trustno", "hello", "freedom", "whatever", "shadow",
        "matkhau", "matkhaumoi", "anhyeuem", "emyeuanh", "yeuem", "yeuanh", "vietnam", "hanoi", "haiphong", "saigon",
        "congan", "conganhaiphong", "baove", "antoan", "anninh", "toquoc", "quantri", "thuongtruc", "canbo",
        "xinchao", "hoilamgi", "khongbiet", "tuyetmat", "baomat",
    ]

    /// The most used passwords of public breach lists, as folded text.
    static let common: Set<String> = [
        "123456", "password", "12345678", "qwerty", "123456789", "12345", "1234", "111111", "1234567", "dragon",
        "123123", "baseball", "abc123", "football", "monkey", "letmein", "696969", "shadow", "master", "666666",
        "qwertyuiop", "123321", "mustang", "1234567890", "michael", "654321", "superman", "1qaz2wsx", "7777777",
        "121212", "000000", "qazwsx", "123qwe", "killer", "trustno1", "jordan", "jennifer", "zxcvbnm", "asdfgh",
        "hunter", "buster", "soccer", "harley", "batman", "andrew", "tigger", "sunshine", "iloveyou", "2000",
        "charlie", "robert", "thomas", "hockey", "ranger", "daniel", "starwars", "klaster", "112233", "george",
        "computer", "michelle", "jessica", "pepper", "1111", "zxcvbn", "555555", "11111111", "131313", "freedom",
        "777777", "pass", "maggie", "159753", "aaaaaa", "ginger", "princess", "joshua", "cheese", "amanda",
        "summer", "love", "ashley", "nicole", "chelsea", "biteme", "matthew", "access", "yankees", "987654321",
        "dallas", "austin", "thunder", "taylor", "matrix", "password1", "password123", "welcome1", "admin123",
        "qwerty123", "1q2w3e4r5t", "1q2w3e4r", "zaq12wsx", "passw0rd", "p@ssw0rd", "p@ssword", "abcd1234",
        "a123456789", "123456789a", "1234567890a", "aa123456", "abc123456", "iloveyou1", "princess1", "q1w2e3r4t5",
        "matkhau123", "matkhau@123", "123456aa", "123456789aa", "anhyeuem123", "0123456789", "0987654321",
        "1234512345", "1122334455", "1020304050", "147258369", "147852369", "123654789", "a1b2c3d4e5",
    ]
}
