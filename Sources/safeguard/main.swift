import SafeguardServer
import Vapor

// safeguard: serve (default), migrate, import, user, token. See `safeguard --help`.
var env = try Environment.detect()
let command = CommandLine.arguments.dropFirst().first
if command == nil || command == "serve" {
    try LoggingSystem.bootstrap(from: &env)
} else {
    // Other commands print their results on standard output (JSON, CSV, tables): logs go to stderr.
    let level = try Logger.Level.detect(from: &env)
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = level
        return handler
    }
}
let app = try await Application.make(env)
do {
    try await configure(app, settings: .fromEnvironment(workingDirectory: app.directory.workingDirectory))
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
