import Testing
@testable import SafeguardCore

/// The TOTP secret's base32 (RFC 4648 §6), as authenticator apps read and people type it.
@Suite struct Base32Tests {
    /// RFC 4648 §10.
    let vectors: [(String, String)] = [
        ("", ""),
        ("f", "MY======"),
        ("fo", "MZXQ===="),
        ("foo", "MZXW6==="),
        ("foob", "MZXW6YQ="),
        ("fooba", "MZXW6YTB"),
        ("foobar", "MZXW6YTBOI======"),
    ]

    @Test func rfc4648VectorsEncode() {
        for (plain, encoded) in vectors {
            #expect(Base32.encode(Array(plain.utf8), padding: true) == encoded)
            // Authenticator apps want no padding, which is the default.
            #expect(Base32.encode(Array(plain.utf8)) == encoded.filter { $0 != "=" })
        }
    }

    @Test func rfc4648VectorsDecode() {
        for (plain, encoded) in vectors {
            #expect(Base32.decode(encoded) == Array(plain.utf8))
            #expect(Base32.decode(encoded.filter { $0 != "=" }) == Array(plain.utf8))
        }
    }

    @Test func decodingForgivesCaseSpacesAndPadding() {
        #expect(Base32.decode("mzxw 6ytb oi") == Array("foobar".utf8))
        #expect(Base32.decode("MzXw6YtBoI======") == Array("foobar".utf8))
        #expect(Base32.decode("JBSW Y3DP EHPK 3PXP") == [0x48, 0x65, 0x6C, 0x6C, 0x6F, 0x21, 0xDE, 0xAD, 0xBE, 0xEF])
    }

    @Test func invalidInputIsRefused() {
        #expect(Base32.decode("MZXW1") == nil)  // 1 is not in the alphabet (nor 0, 8, 9)
        #expect(Base32.decode("MZXW0YQ") == nil)
        #expect(Base32.decode("MZXW8YQ") == nil)
        #expect(Base32.decode("MZ-XW6") == nil)
        #expect(Base32.decode("MZXW6\n") == nil)
        #expect(Base32.decode("MZXWÉ") == nil)
        #expect(Base32.decode("MZXW6YQ+") == nil)
        // Lengths no encoder writes: 1, 3 or 6 characters after the last group of eight.
        #expect(Base32.decode("M") == nil)
        #expect(Base32.decode("MZX") == nil)
        #expect(Base32.decode("MZXW6YTBOIQ") == nil)
    }

    @Test func roundTrips() {
        var state: UInt32 = 12345
        for length in 0...64 {
            let bytes: [UInt8] = (0..<length).map { _ in
                state = state &* 1_103_515_245 &+ 12345
                return UInt8(truncatingIfNeeded: state >> 16)
            }
            let encoded = Base32.encode(bytes)
            #expect(encoded.count == (length * 8 + 4) / 5)
            #expect(Base32.decode(encoded) == bytes)
            #expect(Base32.decode(Base32.encode(bytes, padding: true)) == bytes)
            #expect(Base32.encode(bytes, padding: true).count % 8 == 0)
        }
    }
}
