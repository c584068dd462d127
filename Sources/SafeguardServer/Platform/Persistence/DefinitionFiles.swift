import Foundation
import NIOConcurrencyHelpers
import SafeguardCore
import Yams

/// Definitions the standing office versions — report forms, criteria sets — read from YAML (the
/// shipped files, an upload, the editor's text), each checked before anything is stored; a problem
/// names the file.
enum DefinitionFiles {
    struct Invalid: Error, CustomStringConvertible {
        var file: String
        var problems: [String]
        var description: String { "\(file): \(problems.joined(separator: "; "))" }
    }

    /// One definition's YAML, decoded and checked by `problems`.
    static func read<T: Decodable>(_ type: T.Type, text: String, file: String, problems: (T) -> [String]) throws -> T {
        let value: T
        do { value = try YAMLDecoder().decode(T.self, from: text) } catch {
            throw Invalid(file: file, problems: ["\(error)"])
        }
        let found = problems(value)
        guard found.isEmpty else { throw Invalid(file: file, problems: found) }
        return value
    }

    /// A recognition checklist file (drug-free communes, safe residential areas), read once per path:
    /// it changes with a deployment, not between requests.
    static func checklist(at path: String) throws -> RecognitionChecklist {
        if let known = checklists.withLockedValue({ $0[path] }) { return known }
        let list = try YAMLDecoder().decode(RecognitionChecklist.self, from: try String(contentsOfFile: path, encoding: .utf8))
        checklists.withLockedValue { $0[path] = list }
        return list
    }

    private static let checklists = NIOLockedValueBox<[String: RecognitionChecklist]>([:])

    /// Every `*.yaml` in `directory`, in name order; the first with problems stops the load.
    static func read<T: Decodable>(_ type: T.Type, directory: String, problems: (T) -> [String]) throws -> [T] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return try files.filter { $0.hasSuffix(".yaml") }.sorted().map { name in
            try read(T.self, text: try String(contentsOfFile: (directory as NSString).appendingPathComponent(name), encoding: .utf8), file: name, problems: problems)
        }
    }
}

/// What storing a revised definition did: a new version, or nothing when it equals the newest.
enum DefinitionRevision: Equatable {
    case created(version: Int)
    case unchanged(version: Int)

    /// The version a proposed definition is stored as — 1 for the first, the newest's + 1 for a
    /// change — or `.unchanged` when it equals the newest whatever version number it carries.
    static func of<T: Equatable>(_ proposed: T, against latest: T?, version: WritableKeyPath<T, Int>) -> DefinitionRevision {
        guard let latest else { return .created(version: 1) }
        var compared = proposed
        compared[keyPath: version] = latest[keyPath: version]
        return compared == latest ? .unchanged(version: latest[keyPath: version]) : .created(version: latest[keyPath: version] + 1)
    }
}
