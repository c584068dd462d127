/// Kênh tiếp nhận: a category of the public form and who receives it
/// (`Resources/Data/citizens/channels.yaml`).
public struct TipChannel: Sendable, Equatable {
    public enum Route: Sendable, Equatable {
        /// The police of the commune where it happened.
        case commune
        /// A named unit (a department of the City Police).
        case unit(String)
    }

    public var code: String
    public var name: String
    public var nameEnglish: String
    /// The crime records' category a report of it becomes.
    public var crimeCategory: String
    public var route: Route

    public init(code: String, name: String, nameEnglish: String, crimeCategory: String, route: Route) {
        self.code = code
        self.name = name
        self.nameEnglish = nameEnglish
        self.crimeCategory = crimeCategory
        self.route = route
    }
}

/// The channels and the unit that receives a commune's reports while the commune has nobody to.
public struct TipChannels: Sendable, Equatable {
    public var channels: [TipChannel]
    public var fallback: String

    public init(channels: [TipChannel], fallback: String) {
        self.channels = channels
        self.fallback = fallback
    }

    public func channel(_ code: String) -> TipChannel? { channels.first { $0.code == code } }

    /// The receiving unit of a report of `channel` about `commune`: the channel's unit, or the
    /// commune when it has someone to receive it, else the fallback. `staffed` says whether a unit
    /// has an active officer.
    public func receiver(of channel: TipChannel, commune: String, staffed: (String) -> Bool) -> String? {
        switch channel.route {
        case .unit(let code): staffed(code) ? code : nil
        case .commune: staffed(commune) ? commune : (staffed(fallback) ? fallback : nil)
        }
    }
}
