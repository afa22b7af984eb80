import CoveoAPI

/// What a batch says of its items' permissions.
extension BatchPush {
    /// In a SECURED source an item without permissions is indexed and seen by no one: such items are counted.
    func countsMissingPermissions(in source: SourceModel?) -> Bool {
        destination != .streamPartial && source?.visibility == SourceVisibility.secured.rawValue
    }

    /// Said once, after the items went, as `push` of one item says it before.
    func warnOfMissingPermissions(_ report: BatchReport, source: String) {
        guard report.withoutPermissions > 0 else { return }
        console.diagnose(
            .warning,
            "\(report.withoutPermissions) item(s) have no permissions and '\(source)' is SECURED: once indexed, "
                + "no one will see them (give each item permissions)")
    }
}
