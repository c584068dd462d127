import Foundation

/// Máy chủ trung gian tin cậy: the load balancers and reverse proxies in front of the servers,
/// as addresses and networks (`10.0.0.0/8`, `127.0.0.1`, `fd00::/8`). Behind them the peer of
/// every connection is a proxy, so the client's address must come from `X-Forwarded-For` — but
/// only as far as those proxies wrote it: anything to the left of the first address they did not
/// add was sent by the client and may be forged (a client sets `X-Forwarded-For: 1.2.3.4` to get a
/// fresh throttling allowance). So the header is read from the right, skipping trusted hops.
public struct TrustedProxies: Sendable, Equatable {
    /// One address or network: its bytes (4 for IPv4, 16 for IPv6) and how many leading bits count.
    public struct Network: Sendable, Equatable {
        public var bytes: [UInt8]
        public var prefixLength: Int

        public func contains(_ address: [UInt8]) -> Bool {
            guard address.count == bytes.count else { return false }
            var remaining = prefixLength
            for (a, b) in zip(address, bytes) {
                guard remaining > 0 else { return true }
                let bits = min(8, remaining)
                let mask: UInt8 = bits == 8 ? 0xFF : ~(0xFF >> UInt8(bits))
                if a & mask != b & mask { return false }
                remaining -= bits
            }
            return true
        }
    }

    public var networks: [Network]

    public static let none = TrustedProxies(networks: [])

    public init(networks: [Network]) { self.networks = networks }

    /// Parses a comma-separated list; nil when an item is neither an address nor a network.
    public init?(parsing text: String) {
        var networks: [Network] = []
        for item in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            let parts = item.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2, let bytes = Self.address(String(parts[0])) else { return nil }
            var length = bytes.count * 8
            if parts.count == 2 {
                guard let n = Int(parts[1]), (0...bytes.count * 8).contains(n), parts[1].allSatisfy(\.isASCII) else { return nil }
                length = n
            }
            networks.append(Network(bytes: bytes, prefixLength: length))
        }
        self.networks = networks
    }

    public func contains(_ address: String) -> Bool {
        guard let bytes = Self.address(address) else { return false }
        return networks.contains { $0.contains(bytes) }
    }

    /// The client's address: the peer itself unless it is a trusted proxy; then the right-most
    /// address in `X-Forwarded-For` (all its values, in order) that is not one — or, when every hop
    /// is trusted, the left-most. An entry that is not an address ends the walk at the hop before
    /// it: nothing further left can be believed.
    public func client(peer: String, forwardedFor: [String]) -> String {
        guard contains(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        var client = peer
        for hop in hops.reversed() {
            guard Self.address(hop) != nil else { return client }
            client = hop
            if !contains(hop) { return hop }
        }
        return client
    }

    /// The bytes of an IPv4 (`192.168.1.10`) or IPv6 (`2001:db8::1`, `::ffff:10.0.0.1`) address.
    public static func address(_ text: String) -> [UInt8]? {
        if text.contains(":") { return ipv6(text) }
        return ipv4(Substring(text))
    }

    private static func ipv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }), let n = UInt8(part) else { return nil }
            bytes.append(n)
        }
        return bytes
    }

    private static func ipv6(_ text: String) -> [UInt8]? {
        // A zone (`fe80::1%eth0`) names an interface, not part of the address.
        let text = text.split(separator: "%", maxSplits: 1).first.map(String.init) ?? text
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt8]? {
            guard !part.isEmpty else { return [] }
            var bytes: [UInt8] = []
            let items = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, item) in items.enumerated() {
                if index == items.count - 1, item.contains(".") {
                    guard let v4 = ipv4(item) else { return nil }
                    bytes += v4
                } else {
                    guard (1...4).contains(item.count), let n = UInt16(item, radix: 16) else { return nil }
                    bytes += [UInt8(n >> 8), UInt8(n & 0xFF)]
                }
            }
            return bytes
        }
        guard let head = groups(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 16 ? head : nil }
        guard let tail = groups(halves[1]), head.count + tail.count <= 14 else { return nil }
        return head + [UInt8](repeating: 0, count: 16 - head.count - tail.count) + tail
    }
}
