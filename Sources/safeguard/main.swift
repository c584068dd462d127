import SafeguardServer
import Vapor

// safeguard: serve (default), migrate, import, user, token. See `safeguard --help`.
var env = try Environment.detect()
// Every variable is read and checked here, once: a bad value stops before anything starts.
let settings: Settings
do {
    settings = try Settings.fromEnvironment(workingDirectory: DirectoryConfiguration.detect().workingDirectory)
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(2)
}
let command = CommandLine.arguments.dropFirst().first
// `--log` on the command line wins; else LOG_LEVEL (checked above); else Vapor's default.
let level = env.arguments.contains("--log") ? try Logger.Level.detect(from: &env) : settings.logLevel ?? (env.isRelease ? .notice : .info)
if command == nil || command == "serve" {
    LoggingSystem.bootstrap(console: Terminal(), level: level)
} else {
    // Other commands print their results on standard output (JSON, CSV, tables): logs go to stderr.
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = level
        return handler
    }
}
let app = try await Application.make(env)
do {
    try await configure(app, settings: settings)
    if command == nil || command == "serve" {
        try await app.prepareDatabase()
        app.startScheduledJobs()
    }
    try await app.execute()
    try await app.asyncShutdown()
} catch {
    try? await app.asyncShutdown()
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
