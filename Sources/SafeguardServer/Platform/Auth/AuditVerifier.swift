import Crypto
import Fluent
import Vapor

/// Kiểm tra nhật ký: walks the audit chain from its first entry and names every place it no longer
/// holds — an entry changed after it was written, one missing, one that does not follow the entry
/// before it, entries written around the chain — and, given the anchors, a tail that was cut off or
/// a log rewritten before an anchor. Reads in pages so a log of millions of entries fits in memory.
struct AuditVerifier {
    var db: any Database
    var pageSize = 1000

    /// One place the log does not hold; `seq` is nil for problems that have no place in the chain.
    struct Break: Sendable, Equatable, CustomStringConvertible {
        var seq: Int?
        var problem: String
        var description: String { seq.map { "entry \($0): \(problem)" } ?? problem }
    }

    struct Outcome: Sendable {
        /// Entries walked.
        var entries = 0
        var headSeq: Int?
        var headHash: String?
        var anchorsChecked = 0
        /// In the order found: the chain's first, then the anchors'.
        var breaks: [Break] = []
        var holds: Bool { breaks.isEmpty }
    }

    func verify(anchors: [(line: Int, anchor: AuditAnchor)] = [], key: SymmetricKey? = nil) async throws -> Outcome {
        var outcome = Outcome()
        var expected = 1
        var previous = AuditChain.genesis
        var anchorsBySeq: [Int: [(line: Int, anchor: AuditAnchor)]] = [:]
        for numbered in anchors {
            if let key, !numbered.anchor.isSigned(with: key) {
                outcome.breaks.append(Break(problem: "anchor on line \(numbered.line) is not signed with this server's key"))
                continue
            }
            anchorsBySeq[numbered.anchor.seq, default: []].append(numbered)
        }
        while true {
            let page = try await AuditEntry.query(on: db).filter(\.$seq >= expected).sort(\.$seq).limit(pageSize).all()
            for entry in page {
                guard let seq = entry.seq else { continue }
                if seq != expected {
                    let missing = expected == seq - 1 ? "entry \(expected) is" : "entries \(expected)–\(seq - 1) are"
                    outcome.breaks.append(Break(seq: expected, problem: "missing: \(missing) gone, entry \(seq) follows entry \(expected - 1)"))
                } else if entry.previousHash != previous {
                    outcome.breaks.append(Break(seq: seq, problem: "does not follow entry \(seq - 1) (its previous hash is not that entry's hash)"))
                }
                if entry.hash != AuditChain.hash(of: entry, seq: seq, previousHash: entry.previousHash ?? "") {
                    outcome.breaks.append(Break(seq: seq, problem: "changed after it was written (its content no longer gives its hash)"))
                }
                for numbered in anchorsBySeq.removeValue(forKey: seq) ?? [] {
                    outcome.anchorsChecked += 1
                    if numbered.anchor.hash != entry.hash {
                        outcome.breaks.append(Break(seq: seq, problem: "is not the entry anchored on \(numbered.anchor.at) (anchor line \(numbered.line)): the log was rewritten"))
                    }
                }
                outcome.entries += 1
                outcome.headSeq = seq
                outcome.headHash = entry.hash
                previous = entry.hash ?? ""
                expected = seq + 1
            }
            if page.count < pageSize { break }
        }
        for (seq, numbered) in anchorsBySeq.sorted(by: { $0.key < $1.key }) {
            outcome.anchorsChecked += numbered.count
            let when = numbered.map(\.anchor.at).joined(separator: ", ")
            outcome.breaks.append(Break(seq: seq, problem: "missing: the log ends at entry \(outcome.headSeq ?? 0) but reached entry \(seq) on \(when): entries were deleted from its end"))
        }
        let outside = try await AuditEntry.query(on: db).filter(\.$seq == nil).count()
        if outside > 0 {
            outcome.breaks.append(Break(problem: "\(outside) entr\(outside == 1 ? "y was" : "ies were") written outside the chain (no place, no hash)"))
        }
        return outcome
    }
}
