import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import SafeguardCore

/// The `safeguard` executable as an analyst or operator runs it: `detect` on a series from a file
/// gives R's bounds and names a bad line; `alerts --json` and `alerts run --period` on a fresh
/// embedded database. Runs the binary `swift build --build-tests` made (and fails, saying so, without it).
@Suite struct CommandLineTests {
    static let binary = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/debug/safeguard")

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    struct MissingBinary: Error, CustomStringConvertible {
        var description: String { "no safeguard binary at \(CommandLineTests.binary.path): run `swift build --build-tests` (make test does) before these tests" }
    }

    /// Runs the binary; a missing binary fails the test with what to do, rather than skipping it unseen.
    static func run(_ arguments: [String], data: URL, environment extra: [String: String] = [:]) throws -> Output {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else { throw MissingBinary() }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = binary.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var environment = ProcessInfo.processInfo.environment
        environment["SAFEGUARD_DATA_DIR"] = data.path
        environment["SAFEGUARD_DEMO"] = "0"
        environment["DATABASE_URL"] = ""
        environment.merge(extra) { _, new in new }
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile(), stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("safeguard-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A port already in use ends the server with a message and exit code 1: the early warning's
    /// first run, started at boot, is waited for before the databases close (it once used them
    /// after shutdown and crashed on a force unwrap).
    @Test
    func aPortInUseEndsTheServerCleanly() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let socket = listeningSocket()
        defer { close(socket.descriptor) }
        // Demo data on: the first start generates a history, so the scheduled run has work in hand at shutdown.
        let output = try Self.run(["serve", "--hostname", "127.0.0.1", "--port", String(socket.port)], data: folder,
                                  environment: ["SAFEGUARD_DEMO": "1", "SAFEGUARD_WARNING_INTERVAL": "3600"])
        #expect(output.status == 1, "\(output.stderr.suffix(2000))")
        #expect(output.stderr.contains("Address already in use"))
        #expect(!output.stderr.contains("Fatal error") && !output.stderr.contains("crashed"))
    }

    @Test
    func detectReadsASeriesAndGivesRsBounds() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Two years of weekly counts with a run at the end; the core's own answer is what must print
        // (the core's agreement with R is SurveillanceAgreementTests').
        let start = CalendarDate(iso: "2024-12-30")!
        let counts = (0..<104).map { 3 + ($0 * 7) % 5 } + [9, 12, 15]
        let input = folder.appendingPathComponent("series.csv")
        try (["date,count"] + counts.indices.map { "\(start.adding(days: 7 * $0)),\(counts[$0])" }).joined(separator: "\n")
            .write(to: input, atomically: true, encoding: .utf8)
        let expected = try SeriesAnalysis(method: .earsC2).run(try CountSeries.parse(try String(contentsOf: input, encoding: .utf8), frequency: 52))
        let output = try Self.run(["detect", "--method", "ears-c2", "--frequency", "52", "--input", input.path], data: folder)
        #expect(output.status == 0, "\(output.stderr)")
        let lines = output.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "period,date,observed,expected,upperbound,alarm")
        #expect(lines.count - 1 == expected.count && expected.count == 107 - 9 && expected.last?.alarm == true)
        for (line, row) in zip(lines.dropFirst(), expected) {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(Int(fields[0]) == row.period && fields[1] == row.date && Int(fields[2]) == row.observed, "\(line)")
            #expect(Double(fields[4]) == row.upperbound && (fields[5] == "1") == row.alarm, "\(line)")
        }
        // A bad line is named, and nothing is printed as a result.
        try "date,count\n2026-01-05,3\n2026-01-12,x\n".write(to: input, atomically: true, encoding: .utf8)
        let bad = try Self.run(["detect", "--method", "ears-c1", "--frequency", "52", "--input", input.path], data: folder)
        #expect(bad.status != 0 && (bad.stderr + bad.stdout).contains("line 3: 'x' is not a whole number") && !bad.stdout.contains("period,"))
    }

    @Test
    func alertsListAsJSONAndRunOnAPeriod() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let empty = try Self.run(["alerts", "--json"], data: folder)
        #expect(empty.status == 0, "\(empty.stderr)")
        #expect(empty.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]" || empty.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
        let run = try Self.run(["alerts", "run", "--period", "2026-M10"], data: folder)
        #expect(run.status == 0 && run.stdout.contains("month 202610: 0 alerts"), "\(run.stderr)")
        let bad = try Self.run(["alerts", "run", "--period", "2026-13"], data: folder)
        #expect(bad.status != 0 && (bad.stderr + bad.stdout).contains("--period '2026-13' is neither a statistical month"))
    }

    /// The operator's view of the audit chain: `audit verify` passes on a fresh database, `audit
    /// anchor` signs its head, an entry edited by hand is named and the exit status says so.
    @Test
    func auditVerifyNamesAnEntryEditedByHand() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try Self.run(["migrate"], data: folder).status == 0)
        let fresh = try Self.run(["audit", "verify"], data: folder)
        #expect(fresh.status == 0 && fresh.stdout.contains("audit log holds: 1 entries"), "\(fresh.stdout)\(fresh.stderr)")
        let anchor = try Self.run(["audit", "anchor"], data: folder)
        #expect(anchor.status == 0 && anchor.stdout.contains("anchored entry 1"), "\(anchor.stdout)\(anchor.stderr)")
        // Someone with the database file changes what the plan's import says.
        let edit = Process()
        edit.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        edit.arguments = ["-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"UPDATE audit_log SET actor='nobody' WHERE seq=1\"); c.commit()",
                          folder.appendingPathComponent("safeguard.sqlite").path]
        try edit.run()
        edit.waitUntilExit()
        #expect(edit.terminationStatus == 0)
        let broken = try Self.run(["audit", "verify"], data: folder)
        #expect(broken.status != 0 && broken.stderr.contains("entry 1: changed after it was written"), "\(broken.stdout)\(broken.stderr)")
        // A key file is made once and never overwritten; one that is named must exist.
        let key = folder.appendingPathComponent("keys/master.key")
        #expect(try Self.run(["keys", "create", key.path], data: folder).status == 0)
        let mode = try FileManager.default.attributesOfItem(atPath: key.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let again = try Self.run(["keys", "create", key.path], data: folder)
        #expect(again.status != 0 && again.stderr.contains("exists already"))
        let missing = try Self.run(["audit", "verify"], data: folder, environment: ["SAFEGUARD_MASTER_KEY_FILE": folder.appendingPathComponent("none.key").path])
        #expect(missing.status != 0 && missing.stderr.contains("SAFEGUARD_MASTER_KEY_FILE"), "\(missing.stderr)")
    }

    /// The operator's key rotation and account sheet: `keys rotate` makes new data keys and reports
    /// each column re-sealed; `--resume` finds nothing left; `user import` names a bad row by file
    /// and line and creates nothing, then creates every account of a good sheet.
    @Test
    func keysRotateAndUserImport() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try Self.run(["migrate"], data: folder).status == 0)
        let sheet = folder.appendingPathComponent("tk.csv")
        try "Tên đăng nhập,Họ và tên,Vai trò,Mã đơn vị\ncanbo.a,Cán bộ A,\"Cán bộ xã, phường, đặc khu\",11311\ncanbo.b,Cán bộ B,commune-officer,99999\n"
            .write(to: sheet, atomically: true, encoding: .utf8)
        let refused = try Self.run(["user", "import", sheet.path], data: folder)
        #expect(refused.status != 0 && refused.stderr.contains("tk.csv:3: unit"), "\(refused.stdout)\(refused.stderr)")
        try "Tên đăng nhập,Họ và tên,Vai trò,Mã đơn vị\ncanbo.a,Cán bộ A,\"Cán bộ xã, phường, đặc khu\",11311\ncanbo.b,Cán bộ B,commune-officer,11560\n"
            .write(to: sheet, atomically: true, encoding: .utf8)
        let created = try Self.run(["user", "import", sheet.path], data: folder)
        #expect(created.status == 0 && created.stdout.contains("canbo.a,") && created.stdout.contains("canbo.b,"), "\(created.stdout)\(created.stderr)")
        let rotated = try Self.run(["keys", "rotate", "--batch", "10"], data: folder)
        #expect(rotated.status == 0 && rotated.stdout.contains("crime-records: new data key") && rotated.stdout.contains("criminal_cases.summary"),
                "\(rotated.stdout)\(rotated.stderr)")
        let resumed = try Self.run(["keys", "rotate", "--resume"], data: folder)
        #expect(resumed.status == 0 && !resumed.stdout.contains("new data key") && resumed.stdout.contains("0 re-sealed"), "\(resumed.stdout)\(resumed.stderr)")
        #expect(try Self.run(["audit", "verify"], data: folder).status == 0)
        // The key file lost: no new key is made in its place (it could open nothing sealed).
        try FileManager.default.removeItem(at: folder.appendingPathComponent("master.key"))
        let lost = try Self.run(["audit", "verify"], data: folder)
        #expect(lost.status != 0 && lost.stderr.contains("restore that key file"), "\(lost.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("master.key").path))
    }

    @Test
    func reportWritesTheCityReportAsWordAndExcel() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let docx = folder.appendingPathComponent("bao-cao.docx"), xlsx = folder.appendingPathComponent("so-lieu.xlsx")
        let run = try Self.run(["report", "--period", "2026-Q1", "--out", docx.path, "--xlsx", xlsx.path], data: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("commune_monthly 0 approved"))
        let word = try Data(contentsOf: docx), excel = try Data(contentsOf: xlsx)
        #expect(word.starts(with: [0x50, 0x4B, 0x03, 0x04]) && excel.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        let bad = try Self.run(["report", "--period", "2026-Q5", "--out", docx.path], data: folder)
        #expect(bad.status != 0 && (bad.stderr + bad.stdout).contains("malformed period '2026-Q5'"))
        let noOut = try Self.run(["report", "--period", "2026-Q1", "--out", folder.appendingPathComponent("x.pdf").path], data: folder)
        #expect(noOut.status != 0 && (noOut.stderr + noOut.stdout).contains("--out must name a .docx file"))
    }
}

/// A listening TCP socket on a free loopback port, to be found taken.
func listeningSocket() -> (descriptor: Int32, port: Int) {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = bind(descriptor, $0, length) }
    }
    listen(descriptor, 1)
    withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(descriptor, $0, &length) }
    }
    return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
}
