import Testing
import VaporTesting
@Test func placeholderServer() { #expect(true) }
