import Fluent
import SQLKit

/// Per-commune, per-month record counts: the histograms the KPI engine reads, kept in the
/// database so the dashboard reads tens of thousands of rows instead of millions.
///
/// Each counts table holds one row per combination of the dimensions the targets filter on
/// (commune, statistical months, severity, category) with the number of records in it. Database
/// triggers keep it exact on every insert, update and delete — from the forms, the imports
/// (including PostgreSQL's `COPY`) and any SQL a maintainer runs by hand — so no code path can
/// forget it. A missing month (unsolved, unresolved, unregistered) is stored as 0, because a
/// unique key treats NULLs as distinct and the upsert would never match them.
///
/// On PostgreSQL the triggers are per statement and read the statement's transition tables, so
/// a bulk load of a million rows costs one `GROUP BY`; each statement updates its counts rows in key
/// order, so concurrent writers lock them in the same order and cannot deadlock on them. On SQLite
/// (a single writer) they are per row.
struct RecordCounts: Sendable {
    /// A record column as it is counted: the column, and the expression read from the record.
    struct Dimension: Sendable {
        var column: String
        var nullAsZero = false
        /// Stored as a number (months are, by their name).
        var isNumber = false

        /// A month column's missing value is 0; a date column's (text) is ''.
        func value(from row: String) -> String {
            nullAsZero ? "COALESCE(\(row).\(column), \(column.hasSuffix("_month") ? "0" : "''"))" : "\(row).\(column)"
        }
    }

    /// The records table, and the table that counts it.
    var records: String
    var counts: String
    /// The key of the counts table; the commune determines the province.
    var dimensions: [Dimension]

    static let cases = RecordCounts(records: CriminalCase.schema, counts: "case_counts", dimensions: [
        Dimension(column: "commune_code"), Dimension(column: "discovered_month"), Dimension(column: "solved_month", nullAsZero: true),
        Dimension(column: "severity"), Dimension(column: "category"),
    ])
    static let reports = RecordCounts(records: CrimeReport.schema, counts: "report_counts", dimensions: [
        Dimension(column: "commune_code"), Dimension(column: "received_month"),
        Dimension(column: "registered_month", nullAsZero: true), Dimension(column: "resolved_month", nullAsZero: true),
    ])
    /// Handling steps by commune, month and kind, with their effect on the pending pool: the
    /// resolution figures (T3), each step counted in the month it happened (`HandlingStepStore`).
    static let steps = RecordCounts(records: HandlingStepStore.schema, counts: "report_step_counts", dimensions: [
        Dimension(column: "commune_code"), Dimension(column: "step_month"), Dimension(column: "kind"),
        Dimension(column: "pending_change", isNumber: true),
    ])
    /// The tables `CreateRecordCounts` made (a shipped migration: never add to it).
    static let all = [cases, reports]
    /// Assignments per unit, deadline and completion day: the task board's counts per status read a
    /// few thousand rows instead of every instance (`AssignmentBoard`). Created by its own migration.
    static let assignments = RecordCounts(records: Assignment.schema, counts: "assignment_counts", dimensions: [
        Dimension(column: "unit_code"), Dimension(column: "unit_path"), Dimension(column: "due_on"),
        Dimension(column: "completed_on", nullAsZero: true),
    ])
    /// Every counts table `safeguard counts check|rebuild` looks after.
    static let maintained = all + [assignments, steps]

    private var keyList: String { dimensions.map(\.column).joined(separator: ", ") }
    private var insertColumns: String { keyList + ", province_code, n" }
    private var upsert: String { "ON CONFLICT (\(keyList)) DO UPDATE SET n = \(counts).n + excluded.n" }

    /// Creates the table, its triggers, and fills it from the records already stored.
    func create(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        let columns = dimensions.map { "\($0.column) \($0.column.hasSuffix("_month") || $0.isNumber ? "BIGINT" : "TEXT") NOT NULL" }
        try await sql.raw(SQLQueryString("CREATE TABLE \(counts) (\(columns.joined(separator: ", ")), province_code TEXT NOT NULL, n BIGINT NOT NULL)")).run()
        try await sql.raw(SQLQueryString("CREATE UNIQUE INDEX uq_\(counts)_key ON \(counts) (\(keyList))")).run()
        try await db.index(counts, "province_code", dimensions[1].column)
        for statement in sql.dialect.name == "postgresql" ? postgresTriggers : sqliteTriggers {
            try await sql.raw(SQLQueryString(statement)).run()
        }
        try await rebuild(on: sql)
    }

    func drop(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        if sql.dialect.name == "postgresql" {
            try await sql.raw("DROP FUNCTION IF EXISTS \(unsafeRaw: counts)_apply() CASCADE").run()
        } else {
            for event in ["insert", "update", "delete"] {
                try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: counts)_\(unsafeRaw: event)").run()
            }
        }
        try await db.schema(counts).delete()
    }

    /// Recounts from the records, in one transaction (after a bulk repair, or to check the triggers).
    func rebuild(on sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM \(ident: counts)").run()
        try await sql.raw(SQLQueryString("""
            INSERT INTO \(counts) (\(insertColumns))
            SELECT \(dimensions.map { $0.value(from: records) }.joined(separator: ", ")), MIN(province_code), COUNT(*)
            FROM \(records) GROUP BY \(groupPositions)
            """)).run()
    }

    /// Counts rows that differ from a recount of the records (0 when the triggers kept them exact).
    func mismatches(on sql: any SQLDatabase) async throws -> Int {
        let recount = "SELECT \(dimensions.map { "\($0.value(from: records)) AS \($0.column)" }.joined(separator: ", ")), COUNT(*) AS n FROM \(records) GROUP BY \(groupPositions)"
        let stored = "SELECT \(keyList), n FROM \(counts) WHERE n <> 0"
        var total = 0
        for (a, b) in [(recount, stored), (stored, recount)] {
            let row = try await sql.raw(SQLQueryString("SELECT COUNT(*) AS d FROM (\(a) EXCEPT \(b)) x")).first()
            total += try row?.decode(column: "d", as: Int.self) ?? 0
        }
        return total
    }

    private var groupPositions: String { (1...dimensions.count).map(String.init).joined(separator: ", ") }

    /// One function for the three statement triggers; each event adds its rows with weight ±1 in a single
    /// upsert ordered by key.
    private var postgresTriggers: [String] {
        func weighted(_ table: String, _ weight: Int) -> String {
            "SELECT \(dimensions.map { $0.value(from: table) }.joined(separator: ", ")), \(table).province_code, \(weight) AS w FROM \(table)"
        }
        func apply(_ parts: [String]) -> String {
            """
            INSERT INTO \(counts) (\(insertColumns))
              SELECT \(dimensions.indices.map { "k\($0)" }.joined(separator: ", ")), MIN(p), SUM(w)
              FROM (\(parts.joined(separator: " UNION ALL "))) AS d(\(dimensions.indices.map { "k\($0)" }.joined(separator: ", ")), p, w)
              GROUP BY \(groupPositions) ORDER BY \(groupPositions)
              \(upsert);
            """
        }
        return [
            """
            CREATE OR REPLACE FUNCTION \(counts)_apply() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP = 'INSERT' THEN
                \(apply([weighted("new_rows", 1)]))
              ELSIF TG_OP = 'UPDATE' THEN
                \(apply([weighted("old_rows", -1), weighted("new_rows", 1)]))
              ELSE
                \(apply([weighted("old_rows", -1)]))
              END IF;
              RETURN NULL;
            END $$
            """,
            "CREATE TRIGGER \(counts)_insert AFTER INSERT ON \(records) REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION \(counts)_apply()",
            "CREATE TRIGGER \(counts)_update AFTER UPDATE ON \(records) REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION \(counts)_apply()",
            "CREATE TRIGGER \(counts)_delete AFTER DELETE ON \(records) REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION \(counts)_apply()",
        ]
    }

    private var sqliteTriggers: [String] {
        func add(_ row: String, _ weight: Int) -> String {
            "INSERT INTO \(counts) (\(insertColumns)) VALUES (\(dimensions.map { $0.value(from: row) }.joined(separator: ", ")), \(row).province_code, \(weight)) \(upsert);"
        }
        let watched = (dimensions.map(\.column) + ["province_code"]).joined(separator: ", ")
        return [
            "CREATE TRIGGER \(counts)_insert AFTER INSERT ON \(records) BEGIN \(add("NEW", 1)) END",
            "CREATE TRIGGER \(counts)_update AFTER UPDATE OF \(watched) ON \(records) BEGIN \(add("OLD", -1)) \(add("NEW", 1)) END",
            "CREATE TRIGGER \(counts)_delete AFTER DELETE ON \(records) BEGIN \(add("OLD", -1)) END",
        ]
    }
}
