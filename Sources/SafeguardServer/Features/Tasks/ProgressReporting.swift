import Fluent
import SafeguardCore
import Vapor

/// Báo cáo tiến độ: checks a progress report and its evidence files and stores them in one
/// transaction — the task page's form and `POST /api/v1/assignments/{id}/updates` both use it.
/// Every file is judged by its content (`EvidenceKind`); one refused file refuses the report.
enum ProgressReporting {
    struct Submission {
        var text: String?
        var percent: String?
        var completes: Bool
        var files: [File]
    }

    /// Stores the report (the caller has checked the user may act for the unit), or returns why it
    /// was refused — each problem with its field, in the user's language — storing nothing.
    static func submit(_ submission: Submission, to assignment: Assignment, _ req: Request) async throws -> [FieldRefusal.Problem] {
        guard assignment.completedOn == nil else { return [.init(field: "completes", code: "already-completed", message: req.t("task_error_completed"))] }
        let (uploads, checked, problems) = check(submission.files, req)
        let draft = ProgressDraft(text: submission.text, percent: submission.percent, completes: submission.completes,
                                  evidenceCount: uploads, requiresEvidence: assignment.requiresEvidence)
        let valid: ProgressDraft.Valid
        switch draft.validate() {
        case .success(let v) where problems.isEmpty: valid = v
        case .success: return problems
        case .failure(let errors): return errors.errors.map { FieldRefusal.Problem($0, req) } + problems
        }
        let actor = try req.user.username
        let id = try assignment.requireID()
        try await req.db.writeTransaction { [checked] db in
            // The assignment is locked before any row that refers to it is written: inserting an
            // update first takes a share lock on the assignment (its foreign key), and two reports
            // each holding one while waiting to lock it for update deadlock.
            let fresh = try await db.locked(assignment)
            // Judged against the stored assignment, so two reports cannot both complete it.
            guard fresh.completedOn == nil else { throw Abort(.conflict, reason: req.t("task_error_completed")) }
            let update = ProgressUpdate()
            update.$assignment.id = id
            update.at = req.now
            update.actor = actor
            update.text = valid.text
            update.percent = valid.percent
            update.completes = valid.completes
            try await update.create(on: db)
            for file in checked {
                let evidence = EvidenceFile()
                evidence.$update.id = try update.requireID()
                evidence.describe(name: file.name, kind: file.kind, bytes: file.bytes)
                try await evidence.create(on: db)
                try await EvidenceContent(id: try evidence.requireID(), bytes: try await req.fieldCipher.seal(Data(file.bytes), for: .taskEvidence, on: db)).create(on: db)
            }
            fresh.progress = valid.percent
            if valid.completes { fresh.completedOn = req.today.description }
            try await fresh.update(on: db)
            try await req.audit(valid.completes ? "complete" : "report", "assignment", key: id.uuidString, detail: "\(valid.percent)%, \(checked.count) file(s)", on: db)
        }
        return []
    }

    /// Evidence files checked by content (`EvidenceKind`): how many were sent, the good ones with
    /// their safe names, and a problem per refused one (field `evidence`, as the core names it). A file input left empty
    /// still sends a part with no name and no bytes, which is not counted.
    static func check(_ files: [File], _ req: Request) -> (sent: Int, checked: [(name: String, kind: EvidenceKind, bytes: [UInt8])], problems: [FieldRefusal.Problem]) {
        let uploads = files.filter { !$0.filename.isEmpty || $0.data.readableBytes > 0 }
        var checked: [(name: String, kind: EvidenceKind, bytes: [UInt8])] = []
        var problems: [FieldRefusal.Problem] = []
        for upload in uploads {
            let bytes = Array(upload.data.readableBytesView)
            let name = EvidenceKind.safeName(upload.filename)
            do {
                checked.append((name, try EvidenceKind.of(name: upload.filename, bytes: bytes), bytes))
            } catch {
                let (code, text) = describe(error, req)
                problems.append(.init(field: "evidence", code: code, message: "«\(req.t("task_evidence"))» \(name): \(text)"))
            }
        }
        return (uploads.count, checked, problems)
    }

    private static func describe(_ error: any Error, _ req: Request) -> (code: String, message: String) {
        switch error as? EvidenceKind.Refusal {
        case .empty: ("empty", req.t("evidence.empty"))
        case .tooLarge: ("too-large", req.t("evidence.too-large"))
        case .typeNotAllowed(let type): ("type-not-allowed", req.t("evidence.type") + " (\(type))")
        case .contentMismatch(let type): ("content-mismatch", req.t("evidence.mismatch") + " (\(type))")
        case nil: ("unreadable", req.t("error.bad-request"))
        }
    }
}
