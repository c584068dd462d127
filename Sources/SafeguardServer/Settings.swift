import Vapor

/// Deployment settings read from the environment, so one binary serves laptops and production.
public struct Settings: Sendable {
    /// `SAFEGUARD_DATA_DIR` (default `./data`): the SQLite file and uploads.
    public var dataDirectory: String
    /// `DATABASE_URL` (`postgres://…`): PostgreSQL instead of the embedded SQLite file.
    public var databaseURL: String?
    /// `SAFEGUARD_RESOURCES` (default `./Resources`): views, localisation, data files.
    public var resourcesDirectory: String
    /// Create demo accounts and demo sub-units on first start (`SAFEGUARD_DEMO`, default on).
    public var loadsDemoData: Bool
    /// `SAFEGUARD_DUE_SOON_DAYS` (default 7): unfinished work due within this many days is "sắp đến hạn".
    public var dueSoonDays: Int

    public init(dataDirectory: String, databaseURL: String?, resourcesDirectory: String, loadsDemoData: Bool, dueSoonDays: Int = 7) {
        self.dataDirectory = dataDirectory
        self.databaseURL = databaseURL
        self.resourcesDirectory = resourcesDirectory
        self.loadsDemoData = loadsDemoData
        self.dueSoonDays = dueSoonDays
    }

    public static func fromEnvironment(workingDirectory: String) -> Settings {
        let cwd = workingDirectory.hasSuffix("/") ? workingDirectory : workingDirectory + "/"
        let url = Environment.get("DATABASE_URL").flatMap { $0.isEmpty ? nil : $0 }
        return Settings(
            dataDirectory: Environment.get("SAFEGUARD_DATA_DIR") ?? cwd + "data",
            databaseURL: url,
            resourcesDirectory: Environment.get("SAFEGUARD_RESOURCES") ?? cwd + "Resources",
            loadsDemoData: Environment.get("SAFEGUARD_DEMO").map { $0 != "0" && $0.lowercased() != "false" } ?? true,
            dueSoonDays: Environment.get("SAFEGUARD_DUE_SOON_DAYS").flatMap(Int.init).map { max(0, $0) } ?? 7)
    }

    public var sqlitePath: String { (dataDirectory as NSString).appendingPathComponent("safeguard.sqlite") }
    public func resource(_ relative: String) -> String { (resourcesDirectory as NSString).appendingPathComponent(relative) }
}

extension Application {
    private struct SettingsKey: StorageKey { typealias Value = Settings }

    public var settings: Settings {
        get {
            guard let settings = storage[SettingsKey.self] else { fatalError("configure(_:settings:) was not called") }
            return settings
        }
        set { storage[SettingsKey.self] = newValue }
    }
}
