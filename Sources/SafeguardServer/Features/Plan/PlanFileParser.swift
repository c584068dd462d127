import Foundation
import SafeguardCore
import Yams

/// A plan file that could not be loaded, with every problem located by line and path.
struct PlanFileError: Error, CustomStringConvertible {
    struct Problem: Sendable, Equatable {
        var line: Int?
        var path: String
        var message: String
    }

    var file: String
    var problems: [Problem]

    /// One problem a line, `file:line: path: reason`, as compilers print them.
    var description: String {
        problems.map { p in
            let location = p.line.map { "\(file):\($0)" } ?? file
            return p.path.isEmpty ? "\(location): \(p.message)" : "\(location): \(p.path): \(p.message)"
        }.joined(separator: "\n")
    }
}

/// Reads a plan file (YAML) into a `PlanDocument`, keeping the parsed tree to locate problems by line.
struct PlanFileParser {
    let file: String
    let text: String

    func parse() throws -> (PlanDocument, Node) {
        let node: Node
        do {
            guard let composed = try Yams.compose(yaml: text) else {
                throw PlanFileError(file: file, problems: [.init(line: 1, path: "", message: "the file is empty")])
            }
            node = composed
        } catch let error as YamlError {
            throw PlanFileError(file: file, problems: [Self.problem(from: error)])
        }
        do {
            return (try YAMLDecoder().decode(PlanDocument.self, from: node), node)
        } catch let error as DecodingError {
            let (path, message) = Self.describe(error)
            throw PlanFileError(file: file, problems: [.init(line: Self.line(of: path, in: node), path: path, message: message)])
        }
    }

    /// The line of the deepest node that `path` (`sections[1].tasks[0].lead[2]`) reaches.
    static func line(of path: String, in root: Node) -> Int? {
        var node = root
        var line = root.mark?.line
        for component in components(of: path) {
            let next: Node?
            switch component {
            case .key(let key): next = node.mapping?[key]
            case .index(let index): next = node.sequence.flatMap { index < $0.count ? $0[index] : nil }
            }
            guard let next else { break }
            node = next
            line = next.mark?.line ?? line
        }
        return line
    }

    private enum Component { case key(String), index(Int) }

    private static func components(of path: String) -> [Component] {
        path.split(separator: ".").flatMap { part -> [Component] in
            var result: [Component] = []
            let pieces = part.split(separator: "[")
            if let name = pieces.first, !part.hasPrefix("[") { result.append(.key(String(name))) }
            for piece in pieces.dropFirst(part.hasPrefix("[") ? 0 : 1) {
                if let index = Int(piece.dropLast()) { result.append(.index(index)) }
            }
            return result
        }
    }

    static func path(of codingPath: [any CodingKey]) -> String {
        var path = ""
        for key in codingPath {
            if let index = key.intValue { path += "[\(index)]" } else { path += path.isEmpty ? key.stringValue : ".\(key.stringValue)" }
        }
        return path
    }

    private static func describe(_ error: DecodingError) -> (String, String) {
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(of: context.codingPath)
            return (parent, "missing required field '\(key.stringValue)'")
        case .typeMismatch(let type, let context):
            return (path(of: context.codingPath), "expected \(describe(type))")
        case .valueNotFound(let type, let context):
            return (path(of: context.codingPath), "missing value, expected \(describe(type))")
        case .dataCorrupted(let context):
            return (path(of: context.codingPath), context.debugDescription)
        @unknown default:
            return ("", "\(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "text"
        case is Int.Type: "a whole number"
        case is Double.Type: "a number"
        case is Array<Any>.Type: "a list"
        default: "\(type)".lowercased().contains("array") ? "a list" : "a mapping"
        }
    }

    private static func problem(from error: YamlError) -> PlanFileError.Problem {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            .init(line: mark.line, path: "", message: "YAML syntax: \(problem)")
        default:
            .init(line: nil, path: "", message: "YAML: \(error)")
        }
    }
}
