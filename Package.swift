// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Safeguard",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "safeguard", targets: ["safeguard"]),
        .library(name: "SafeguardCore", targets: ["SafeguardCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/leaf-kit.git", from: "1.14.3"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        // Pure domain logic: Foundation only, no I/O.
        // Optimised in debug builds too: the statistics (GLM fits for every period of every series)
        // would otherwise make the tests against R's fixtures take ten minutes instead of one.
        .target(name: "SafeguardCore", swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        // Vapor app: persistence, controllers, views, auth, audit.
        .target(
            name: "SafeguardServer",
            dependencies: [
                "SafeguardCore",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
                // `LeafDataRepresentable`, so the pages' strings are converted once (`Translations`).
                .product(name: "LeafKit", package: "leaf-kit"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                // The reminder e-mails' SMTP client (`Notify/SMTPClient.swift`).
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .executableTarget(name: "safeguard", dependencies: ["SafeguardServer"]),
        .testTarget(name: "SafeguardCoreTests", dependencies: ["SafeguardCore"]),
        .testTarget(
            name: "SafeguardServerTests",
            dependencies: [
                "SafeguardServer",
                .product(name: "VaporTesting", package: "vapor"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
