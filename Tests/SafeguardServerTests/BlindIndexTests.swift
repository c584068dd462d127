import Foundation
import Testing
@testable import SafeguardServer

/// The blind index: the same ID number however it was typed gives one index; another number,
/// another field or another master key gives another; the index does not contain the number.
@Suite struct BlindIndexTests {
    @Test func equalValuesMatchAndNothingElseDoes() throws {
        let master = MasterKey(bytes: [UInt8](repeating: 1, count: 32))
        let ids = BlindIndex(master: master, field: .identityNumber)
        let a = try #require(ids.index(of: "031 090 001 234"))
        #expect(ids.index(of: "031090001234") == a && ids.index(of: " 031-090-001-234 ") == a)
        #expect(ids.index(of: "031090001235") != a)
        #expect(ids.index(of: " - ") == nil)
        #expect(!a.contains("031090001234") && a.count == 64)
        #expect(BlindIndex(master: MasterKey(bytes: [UInt8](repeating: 2, count: 32)), field: .identityNumber).index(of: "031090001234") != a)
    }
}
