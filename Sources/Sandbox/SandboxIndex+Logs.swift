import CoveoAPI
import Foundation

/// The log entries: one row each, indexed by time, by source and time, and by item; and a count per second,
/// source, operation and result, kept by a trigger, so that `facetsStats` (what `push --wait` polls) adds up a
/// few rows per second of the range instead of reading every entry.
extension SandboxIndex {
    /// What a logs request asks for: a time range, an item perhaps, and the documented filters.
    struct LogQuery {
        var from: Int64
        var to: Int64
        var documentId: String?
        var filters: LogFilters

        /// The WHERE clause and its values, for `logs` (times in milliseconds) or `log_counts` (whole seconds).
        func clause(time: (String, Int64, Int64)) -> (sql: String, values: [SQLiteDatabase.Value]) {
            var terms = ["\(time.0) >= ?", "\(time.0) <= ?"]
            var values: [SQLiteDatabase.Value] = [.integer(time.1), .integer(time.2)]
            if let documentId {
                terms.append("document_id = ?")
                values.append(.text(documentId))
            }
            for (column, filter) in [
                ("source", filters.sources), ("operation", filters.operations), ("result", filters.results),
                (Self.taskColumn, filters.tasks),
            ] {
                if let allowed = filter.allowed {
                    terms.append("\(column) IN (\(Self.marks(allowed.count)))")
                    values += allowed.sorted().map { .text($0) }
                } else if !filter.excluded.isEmpty {
                    terms.append("\(column) NOT IN (\(Self.marks(filter.excluded.count)))")
                    values += filter.excluded.sorted().map { .text($0) }
                }
            }
            return (terms.joined(separator: " AND "), values)
        }

        /// The task is the result's stage (`LogEntry.task`), worked out in SQL.
        static let taskColumn = "(CASE result WHEN 'REJECTED' THEN 'VALIDATION' ELSE 'INDEXING' END)"

        private static func marks(_ count: Int) -> String {
            Array(repeating: "?", count: count).joined(separator: ", ")
        }
    }

    func log(
        _ documentId: String, _ source: String, _ operation: String, _ result: String, reason: String?,
        _ orderingId: Int64, _ now: Int64
    ) throws(SandboxFailure) {
        logPageStarts = [:]
        try stored { () throws(SQLiteError) in
            try database.run(
                "INSERT INTO logs (time, source, document_id, operation, result, reason, ordering_id) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)", .integer(now), .text(source), .text(documentId),
                .text(operation), .text(result), reason.map { .text($0) } ?? .null, .integer(orderingId))
        }
    }

    /// Deletes the entries older than `cutoff`, in whole seconds, and their counts with them.
    func trimLogs(before cutoff: Int64) throws(SandboxFailure) {
        let second = cutoff >= 0 ? cutoff / 1000 : 0
        logPageStarts = [:]
        try stored { () throws(SQLiteError) in
            try database.run("DELETE FROM logs WHERE time < ?", .integer(second * 1000))
            try database.run("DELETE FROM log_counts WHERE second < ?", .integer(second))
        }
    }

    private static let logColumns = "seq, time, source, document_id, operation, result, reason, ordering_id"

    /// One page of the matching entries, oldest first, and whether another follows. The page's first entry is
    /// found on an index (time, or source and time) before any row is read.
    func logs(_ query: LogQuery, offset: Int, limit: Int) throws(SandboxFailure) -> ([LogEntry], more: Bool) {
        let (clause, values) = query.clause(time: ("time", query.from, query.to))
        let signature = clause + "\u{0}" + values.map(\.text).joined(separator: "\u{0}")
        var entries: [LogEntry] = []
        try stored { () throws(SQLiteError) in
            var start = logPageStarts[signature + "\u{0}\(offset)"]
            if start == nil { start = try logStart(query, offset: offset) }
            guard let start else { return }
            // From the page's first entry on: a range on the index from its time (an OR would make it a scan from
            // the range's start), skipping the entries of that millisecond that come before it.
            let (from, fromValues) = query.clause(time: ("time", max(query.from, start.time), query.to))
            try database.query(
                "SELECT \(Self.logColumns) FROM logs WHERE \(from) AND NOT (time = ? AND seq < ?) "
                    + "ORDER BY time, seq LIMIT ?",
                values: fromValues + [.integer(start.time), .integer(start.sequence), .integer(Int64(limit + 1))]
            ) { row in
                entries.append(
                    LogEntry(
                        sequence: UInt64(row.integer(0)), time: row.integer(1), sourceId: row.text(2) ?? "",
                        documentId: row.text(3) ?? "", operation: row.text(4) ?? "", result: row.text(5) ?? "",
                        reason: row.text(6), orderingId: row.integer(7)))
            }
        }
        let more = entries.count > limit
        if logPageStarts.count > 1000 { logPageStarts = [:] }
        if let first = entries.first {
            logPageStarts[signature + "\u{0}\(offset)"] = (first.time, Int64(first.sequence))
        }
        if more, let next = entries.popLast() {
            logPageStarts[signature + "\u{0}\(offset + limit)"] = (next.time, Int64(next.sequence))
        }
        return (entries, more)
    }

    /// How many matching entries have each operation, result, task and source: the whole seconds of the range
    /// from the counts, the partial seconds at either end (and a query for one item) from the entries.
    func logFacets(_ query: LogQuery) throws(SandboxFailure) -> JSONObject {
        var tallies: [String: [String: Int]] = [:]
        func add(_ source: String, _ operation: String, _ result: String, _ count: Int) {
            tallies["operations", default: [:]][operation, default: 0] += count
            tallies["results", default: [:]][result, default: 0] += count
            tallies["tasks", default: [:]][LogEntry.task(of: result), default: 0] += count
            tallies["sourceIds", default: [:]][source, default: 0] += count
        }
        // The whole seconds inside [from, to]; none when the range is an item's or shorter than two seconds.
        let firstWhole = Self.ceilingSecond(query.from)
        let lastWhole = Self.floorSecond(query.to + 1) - 1
        let counted = query.documentId == nil && firstWhole <= lastWhole
        let rawRanges =
            counted
            ? [(query.from, firstWhole * 1000 - 1), ((lastWhole + 1) * 1000, query.to)] : [(query.from, query.to)]
        try stored { () throws(SQLiteError) in
            if counted {
                let (clause, values) = query.clause(time: ("second", firstWhole, lastWhole))
                try database.query(
                    "SELECT source, operation, result, sum(entries) FROM log_counts WHERE \(clause) "
                        + "GROUP BY source, operation, result", values: values
                ) { add($0.text(0) ?? "", $0.text(1) ?? "", $0.text(2) ?? "", Int($0.integer(3))) }
            }
            for (from, to) in rawRanges where from <= to {
                let (clause, values) = query.clause(time: ("time", from, to))
                try database.query(
                    "SELECT source, operation, result, count(*) FROM logs WHERE \(clause) "
                        + "GROUP BY source, operation, result", values: values
                ) { add($0.text(0) ?? "", $0.text(1) ?? "", $0.text(2) ?? "", Int($0.integer(3))) }
            }
        }
        var answer = JSONObject()
        for facet in ["operations", "results", "tasks", "sourceIds"] {
            answer[facet] = .object(JSONObject(sortingKeysOf: (tallies[facet] ?? [:]).mapValues { .int($0) }))
        }
        return answer
    }

    /// Where the entry at `offset` of the matching entries is. Past the first thousand, the counts per second find
    /// the second it is in (the partial second at the start counted from the entries), and only that second is
    /// walked: an OFFSET over every entry before it took 55 ms at the last page of a million.
    private func logStart(_ query: LogQuery, offset: Int) throws(SQLiteError) -> (time: Int64, sequence: Int64)? {
        func walk(_ from: Int64, _ to: Int64, _ skipped: Int) throws(SQLiteError) -> (time: Int64, sequence: Int64)? {
            let (clause, values) = query.clause(time: ("time", from, to))
            var start: (time: Int64, sequence: Int64)?
            try database.query(
                "SELECT time, seq FROM logs WHERE \(clause) ORDER BY time, seq LIMIT 1 OFFSET ?",
                values: values + [.integer(Int64(skipped))]
            ) { start = ($0.integer(0), $0.integer(1)) }
            return start
        }
        let firstWhole = Self.ceilingSecond(query.from)
        let lastWhole = Self.floorSecond(query.to + 1) - 1
        guard query.documentId == nil, offset >= 1000, firstWhole <= lastWhole else {
            return try walk(query.from, query.to, offset)
        }
        let (head, headValues) = query.clause(time: ("time", query.from, firstWhole * 1000 - 1))
        let before = Int(try database.integer("SELECT count(*) FROM logs WHERE \(head)", values: headValues) ?? 0)
        guard offset >= before else { return try walk(query.from, query.to, offset) }
        var remaining = offset - before
        var second: Int64?
        let (counted, countedValues) = query.clause(time: ("second", firstWhole, lastWhole))
        try database.query(
            "SELECT second, sum(entries) FROM log_counts WHERE \(counted) GROUP BY second ORDER BY second",
            values: countedValues
        ) { row in
            guard second == nil else { return }
            let entries = Int(row.integer(1))
            if remaining < entries { second = row.integer(0) } else { remaining -= entries }
        }
        guard let second else { return try walk((lastWhole + 1) * 1000, query.to, remaining) }
        return try walk(second * 1000, min(second * 1000 + 999, query.to), remaining)
    }

    private static func floorSecond(_ milliseconds: Int64) -> Int64 {
        milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
    }

    private static func ceilingSecond(_ milliseconds: Int64) -> Int64 { -floorSecond(-milliseconds) }
}

/// The filters of a logs request: for each dimension, the values kept (nil: all) and the values excluded.
struct LogFilters {
    struct Filter {
        var allowed: Set<String>?
        var excluded: Set<String>
    }

    var sources: Filter
    var operations: Filter
    var results: Filter
    var tasks: Filter

    init(_ body: JSONObject) {
        func strings(_ keys: [String]) -> [String] {
            keys.compactMap { body[$0]?.arrayValue }.flatMap { $0.compactMap(\.stringValue) }
        }
        func filter(_ include: [String], _ exclude: [String]) -> Filter {
            let values = strings(include)
            return Filter(allowed: values.isEmpty ? nil : Set(values), excluded: Set(strings(exclude)))
        }
        // A Push source's log entries have the source as their resource: `resourceIds` filters the same way.
        sources = filter(["sourcesIds", "sourceIds", "resourceIds"], ["excludeSourceIds", "excludeResourceIds"])
        operations = filter(["operations"], ["excludeOperations"])
        results = filter(["results"], ["excludeResults"])
        tasks = filter(["tasks"], ["excludeTasks"])
    }
}
