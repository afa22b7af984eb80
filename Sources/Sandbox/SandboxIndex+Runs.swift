/// Where each page of a source's items starts, found without walking the pages before it. SQLite keeps no count of
/// the rows before a key, so an OFFSET walks them all (60 ms to the last page of a million items). Instead a
/// source's ids are cut into runs of at most `ItemRuns.limit` items, each run's first id and count kept as items
/// come and go: page N starts in the run where the counts add up past N's offset, a short walk from its first id.
struct ItemRuns {
    static let limit = 2048

    /// The first id of each run, in order; the first run starts at "" (every id is at or after it).
    private(set) var starts: [String] = [""]
    private(set) var counts: [Int] = [0]

    /// The run an id falls in: the last whose first id is at or before it.
    func run(of id: String) -> Int {
        var low = 0
        var high = starts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= id { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// An id was added; returns the run that now holds too many, to be split.
    mutating func added(_ id: String) -> Int? {
        let run = run(of: id)
        counts[run] += 1
        return counts[run] > Self.limit ? run : nil
    }

    mutating func removed(_ id: String) {
        let run = run(of: id)
        counts[run] = max(0, counts[run] - 1)
    }

    /// Splits a run at the id that starts its second half (`half` items into it).
    mutating func split(_ run: Int, at id: String, half: Int) {
        starts.insert(id, at: run + 1)
        counts.insert(counts[run] - half, at: run + 1)
        counts[run] = half
    }

    /// Appends a run while the runs are built from the ids in order.
    mutating func append(start: String, count: Int) {
        if counts == [0] {
            counts = [count]
        } else {
            starts.append(start)
            counts.append(count)
        }
    }

    /// The first id of the run holding the item at `offset`, and how far into the run that item is; nil past the
    /// last item.
    func locate(_ offset: Int) -> (start: String, within: Int)? {
        var before = 0
        for (run, count) in counts.enumerated() {
            if offset < before + count { return (starts[run], offset - before) }
            before += count
        }
        return nil
    }
}

extension SandboxIndex {
    /// The runs of a source's items, built from its index on first need (after a start, or once a change the runs
    /// could not follow dropped them): one walk of the ids, then kept.
    func runs(of source: String) throws(SQLiteError) -> ItemRuns {
        if let runs = itemRuns[source] { return runs }
        var runs = ItemRuns()
        var start = ""
        var count = 0
        try database.query(
            "SELECT document_id FROM items WHERE source = ? ORDER BY document_id", .text(source)
        ) { row in
            if count == ItemRuns.limit / 2 {
                runs.append(start: start, count: count)
                count = 0
            }
            if count == 0 { start = row.text(0) ?? "" }
            count += 1
        }
        if count > 0 { runs.append(start: start, count: count) }
        itemRuns[source] = runs
        return runs
    }

    /// Keeps the runs in step with an item added (`true`) or removed: a run grown past its limit is split at its
    /// middle id, found by a walk of half of it.
    func noteItem(_ id: String, of source: String, added: Bool) throws(SQLiteError) {
        // Changed in place in the dictionary: a copy of a source's runs per item would copy its arrays each time.
        if itemRuns[source] == nil { _ = try runs(of: source) }
        guard added else { return itemRuns[source]?.removed(id) ?? () }
        guard let full = itemRuns[source]?.added(id), let runs = itemRuns[source] else { return }
        let half = runs.counts[full] / 2
        var middle: String?
        try database.query(
            "SELECT document_id FROM items WHERE source = ? AND document_id >= ? ORDER BY document_id LIMIT 1 OFFSET ?",
            .text(source), .text(runs.starts[full]), .integer(Int64(half))
        ) { middle = $0.text(0) }
        if let middle { itemRuns[source]?.split(full, at: middle, half: half) }
    }

    /// The id of the item at `offset` in the source's id order, or nil past the last.
    func itemID(of source: String, at offset: Int) throws(SQLiteError) -> String? {
        guard let (start, within) = try runs(of: source).locate(offset) else { return nil }
        var id: String?
        try database.query(
            "SELECT document_id FROM items WHERE source = ? AND document_id >= ? ORDER BY document_id LIMIT 1 OFFSET ?",
            .text(source), .text(start), .integer(Int64(within))
        ) { id = $0.text(0) }
        return id
    }
}
