import SafeguardServer
import Vapor

// safeguard: serve (default), migrate, import, user, token. See `safeguard --help`.
var env = try Environment.detect()
try LoggingSystem.bootstrap(from: &env)
let app = try await Application.make(env)
do {
    try await configure(app, settings: .fromEnvironment(workingDirectory: app.directory.workingDirectory))
    let command = CommandLine.arguments.dropFirst().first
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
