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
    /// Keys the recovery codes' hashes (from the master key): a dump alone cannot be searched for
    /// the codes, whose 10 characters of 31 (about 49.5 bits) a fast hash would leave within reach.
    let recoveryKey: SymmetricKey
    /// The true instant the codes are checked against (`WallClock.trueNow`), whatever day the server believes it is.
    let instant: Date
    static let codes = OneTimeCode()
    static let issuer = "Safeguard"
    /// Recovery codes given at enrolment: ten, each 10 characters of 31 (about 49.5 bits).
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

    enum Outcome: Equatable {
        case accepted(byRecoveryCode: Bool)
        case refused
        /// Too many wrong codes or passwords lately (`LoginThrottlePolicy`): not even checked.
        case throttled
    }

    /// Checks a code typed by or for `user` — at sign-in, to confirm an enrolment, to turn the
    /// factor off or renew recovery codes — with the account's row locked: the throttle's decision,
    /// the check, and the record of a failure or of the step used happen in one transaction, so
    /// guesses sent all at once are counted one after another, and a code or a recovery code is
    /// good once however many requests carry it. A wrong code counts as a failed sign-in.
    func verify(_ typed: String, for user: User, from ip: String, recoveryCodeAllowed: Bool) async throws -> Outcome {
        let (now, instant, cipher, recoveryKey) = (now, instant, cipher, recoveryKey)
        return try await db.writeTransaction { db in
            let user = try await db.locked(user)
            let throttle = LoginThrottle(db: db)
            if case .wait = try await throttle.decision(username: user.username, ip: ip, now: now) { return .throttled }
            let twoFactor = TwoFactor(db: db, cipher: cipher, now: now, recoveryKey: recoveryKey, instant: instant)
            if try await twoFactor.check(typed, for: user) {
                try await user.update(on: db)
                return .accepted(byRecoveryCode: false)
            }
            if recoveryCodeAllowed, typed.count > 6, try await twoFactor.redeem(typed, for: user) { return .accepted(byRecoveryCode: true) }
            try await throttle.record(username: user.username, ip: ip, succeeded: false, now: now)
            return .refused
        }
    }

    /// Confirms with a code already checked: new recovery codes, the old ones gone.
    func confirmChecked(_ user: User) async throws -> [String] {
        user.totpConfirmedAt = now
        let codes = (0..<Self.recoveryCodeCount).map { _ in Self.recoveryCode() }
        let userID = try user.requireID()
        try await db.writeTransaction { db in
            try await user.update(on: db)
            try await RecoveryCode.query(on: db).filter(\.$user.$id == userID).delete()
            for code in codes { try await RecoveryCode(userID: userID, codeHash: self.hash(code, of: userID)).create(on: db) }
        }
        return codes
    }

    /// Uses up a recovery code of `user`; false if it is not one of theirs or was used.
    func redeem(_ typed: String, for user: User) async throws -> Bool {
        let userID = try user.requireID()
        let hash = hash(typed, of: userID)
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
        let chars = ReadableSecret.make(length: 10)
        return chars.prefix(5) + "-" + chars.suffix(5)
    }

    /// Codes are typed back in any case, with or without the dash; the hash is keyed and bound to
    /// the account.
    func hash(_ code: String, of userID: UUID) -> String {
        let normalised = code.lowercased().filter { $0.isLetter || $0.isNumber }
        return HMAC<SHA256>.authenticationCode(for: Data("\(userID.uuidString):\(normalised)".utf8), using: recoveryKey).hex
    }
}

extension Request {
    var twoFactor: TwoFactor {
        TwoFactor(db: db, cipher: fieldCipher, now: now, recoveryKey: application.masterKey.derived(for: .recoveryCodes), instant: application.clock.trueNow())
    }
}
