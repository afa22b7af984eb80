import CoveoAPI
import Foundation

/// The transaction requests share: each request is a step of it (a savepoint, undone alone if it fails), and one
/// commit makes the steps of every request that arrived meanwhile durable together: one fsync for many writes
/// under load, and still none answered before it is on disk.
struct CommitGroup {
    var open = false
    /// The database's change count when the transaction began: unchanged, there is nothing to make durable.
    var changesAtBegin: Int64 = 0
    /// Whether a step may have changed the organization's own row (a write request; indexing never does).
    var modelsMayHaveChanged = false
    /// The commit the group's requests wait for, once one of them asked.
    var commit: Task<SandboxFailure?, Never>?
}

extension SandboxStore {
    /// Runs `body` as one step of the open transaction (beginning one if none is open). A failure undoes the step
    /// alone: its rows roll back to the savepoint and the models go back to what they were.
    func step<T>(writes: Bool, _ body: () throws(SandboxFailure) -> T) -> Result<T, SandboxFailure> {
        let before = state
        let runs = index.itemRuns
        let database = persistence.database
        do {
            if !group.open {
                try persistence.begin()
                group = CommitGroup(open: true, changesAtBegin: database.totalChanges)
            }
            try database.execute("SAVEPOINT step")
        } catch {
            return .failure(.storage(error))
        }
        do {
            let value = try body()
            try stored { () throws(SQLiteError) in try database.execute("RELEASE step") }
            if writes { group.modelsMayHaveChanged = true }
            return .success(value)
        } catch {
            try? database.execute("ROLLBACK TO step; RELEASE step")
            state = before
            index.itemRuns = runs
            index.forgetWhatWasRead()
            return .failure(error)
        }
    }

    /// Whether a request may skip the transaction: a read, with no transaction open and nothing due for indexing,
    /// reads what is committed, statement by statement, as no one else writes meanwhile.
    func readsCommittedState(writes: Bool) -> Bool {
        guard !writes, !group.open else { return false }
        return (try? index.mayHaveDue(now: clock.now())) == false
    }

    /// Waits until the open transaction is committed; the failure every request of the group then answers, or nil.
    /// A transaction that changed nothing is committed at once, without a wait: a read costs no fsync.
    func commitGroup() async -> SandboxFailure? {
        guard group.open else { return nil }
        if let pending = group.commit { return await pending.value }
        let unchanged =
            !group.modelsMayHaveChanged && persistence.database.totalChanges == group.changesAtBegin
            && state.sources.changed.isEmpty && state.securityProviders.changed.isEmpty && state.identities.isUnchanged
        if unchanged { return flush() }
        // The commit runs after the requests already waiting for the store: they join this group.
        let commit = Task { self.flush() }
        group.commit = commit
        return await commit.value
    }

    /// Commits the open transaction. If it cannot be (a full disk, the state file gone), everything in it is rolled
    /// back and the models are read again from the database: nothing is kept that was not made durable.
    private func flush() -> SandboxFailure? {
        let writes = group.modelsMayHaveChanged
        let since = group.changesAtBegin
        group = CommitGroup()
        do {
            try persistence.commit(&state, modelsMayHaveChanged: writes, since: since)
            return nil
        } catch {
            persistence.rollback()
            index.forgetWhatWasRead()
            index.itemRuns = [:]
            if let stored = try? persistence.reload() { state = stored }
            if error.code == SandboxPersistence.goneCode {
                return SandboxFailure(
                    503, "STATE_FILE_GONE", "\(error.message): the change was not made; restart the sandbox.")
            }
            return SandboxFailure(
                500, "INTERNAL_ERROR", "The sandbox could not save the change, so it did not make it: \(error).")
        }
    }
}

extension SandboxStore {
    /// Why the state file no longer holds what the sandbox acknowledged (gone, replaced, read-only), or nil.
    func stateFileProblem() -> String? { persistence.fileProblem() }
}
