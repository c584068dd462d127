import Crypto
import Fluent
import SafeguardCore
import Vapor

/// Xác thực hai lớp: an authenticator app's six digits after the password (TOTP, RFC 6238, HMAC-SHA-1
/// as every app computes it). The secret is kept sealed (`FieldCipher.Column.secondFactor`); the
/// recovery codes, for a lost phone, only as hashes, each good once.
struct TwoFactor {
    let db: any Database
    let cipher: FieldCipher
    let now: Date
    /// The true instant the codes are checked against (`WallClock.trueNow`), whatever day the server believes it is.
    let instant: Date
    static let codes = OneTimeCode()
    static let issuer = "Safeguard"
    /// Recovery codes given at enrolment: ten, each 10 characters of 32 (50 bits).
    static let recoveryCodeCount = 10

    /// A new secret for `user`, pending until a first good code confirms it (so a badly scanned QR
    /// code locks nobody out). Returns the secret for the QR code and for typing by hand.
    func begin(for user: User) async throws -> [UInt8] {
        let secret = [UInt8].random(count: 20)
        user.totpSecret = try await cipher.seal(Base32.encode(secret), for: .secondFactor, on: db)
        user.totpConfirmedAt = nil
        user.totpLastStep = nil
        try await user.update(on: db)
        return secret
    }

    /// The secret of `user`, if one was begun or confirmed.
    func secret(of user: User) async throws -> [UInt8]? {
        guard let sealed = user.totpSecret else { return nil }
        let text: String = try await cipher.open(sealed, for: .secondFactor, on: db)
        return Base32.decode(text)
    }

    /// Whether `typed` is a current code of the user's secret; a good code is remembered so it
    /// cannot be used again. The caller stores `user`.
    func check(_ typed: String, for user: User) async throws -> Bool {
        guard let secret = try await secret(of: user) else { return false }
        let key = SymmetricKey(data: secret)
        let step = Self.codes.acceptedStep(for: typed, at: instant, lastAccepted: user.totpLastStep) { counter in
            Array(HMAC<Insecure.SHA1>.authenticationCode(for: counter, using: key))
        }
        guard let step else { return false }
        user.totpLastStep = step
        return true
    }

    /// Confirms a pending enrolment with a first good code; returns the recovery codes, shown once.
    func confirm(_ typed: String, for user: User) async throws -> [String]? {
        guard user.totpConfirmedAt == nil, try await check(typed, for: user) else { return nil }
        return try await confirmChecked(user)
    }

    /// Confirms with a code already checked: new recovery codes, the old ones gone.
    func confirmChecked(_ user: User) async throws -> [String] {
        user.totpConfirmedAt = now
        let codes = (0..<Self.recoveryCodeCount).map { _ in Self.recoveryCode() }
        let userID = try user.requireID()
        try await db.writeTransaction { db in
            try await user.update(on: db)
            try await RecoveryCode.query(on: db).filter(\.$user.$id == userID).delete()
            for code in codes { try await RecoveryCode(userID: userID, codeHash: Self.hash(code)).create(on: db) }
        }
        return codes
    }

    /// Uses up a recovery code of `user`; false if it is not one of theirs or was used.
    func redeem(_ typed: String, for user: User) async throws -> Bool {
        let hash = Self.hash(typed)
        let userID = try user.requireID()
        guard let code = try await RecoveryCode.query(on: db).filter(\.$user.$id == userID).filter(\.$codeHash == hash)
            .filter(\.$usedAt == nil).first() else { return false }
        code.usedAt = now
        try await code.update(on: db)
        return true
    }

    /// Turns the second factor off (the owner, with a code; or an administrator for a lost phone).
    func remove(from user: User) async throws {
        (user.totpSecret, user.totpConfirmedAt, user.totpLastStep) = (nil, nil, nil)
        let userID = try user.requireID()
        try await db.writeTransaction { db in
            try await user.update(on: db)
            try await RecoveryCode.query(on: db).filter(\.$user.$id == userID).delete()
        }
    }

    /// Two groups of five from an alphabet without look-alikes: "k7m2q-x9p4r".
    static func recoveryCode() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        let chars = (0..<10).map { _ in alphabet.randomElement()! }
        return String(chars[0..<5]) + "-" + String(chars[5..<10])
    }

    /// Codes are typed back in any case, with or without the dash.
    static func hash(_ code: String) -> String {
        let normalised = code.lowercased().filter { $0.isLetter || $0.isNumber }
        return SHA256.hash(data: Data(normalised.utf8)).hex
    }
}

extension Request {
    var twoFactor: TwoFactor { TwoFactor(db: db, cipher: fieldCipher, now: now, instant: application.clock.trueNow()) }
}
