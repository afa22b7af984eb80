import CEditLine
import CEditLineShim
import Foundation

/// The history file (libedit's format), shared safely by several pshells at once: each appends its new
/// entries under an exclusive lock by re-reading the file, adding to it and replacing it atomically,
/// so no shell erases another's lines. Mode 0600.
package struct HistoryFile: Sendable {
    package var path: String
    package var capacity: Int

    package init(path: String, capacity: Int = 2000) {
        self.path = path
        self.capacity = capacity
    }

    /// `$XDG_STATE_HOME/pshell/history`, or `$HOME/.local/state/pshell/history`.
    package static func defaultPath(environment: [String: String]) -> String? {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/pshell/history" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.local/state/pshell/history" }
        return nil
    }

    func load(into history: OpaquePointer) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        pe_hist_load(history, path)
    }

    /// Reads every entry in the file (for tests and for merging).
    package func entries() -> [String] {
        let scratch = pe_hist_init(Int32(capacity))
        defer { history_end(scratch) }
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        pe_hist_load(scratch, path)
        var result: [String] = []
        var entry = pe_hist_oldest(scratch)
        while let text = entry {
            result.append(String(cString: text))
            entry = pe_hist_newer(scratch)
        }
        return result
    }

    package func append(_ newEntries: [String]) {
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let lock = open(path + ".lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        if lock >= 0 { flock(lock, LOCK_EX) }
        defer {
            if lock >= 0 {
                flock(lock, LOCK_UN)
                close(lock)
            }
        }
        let merged = pe_hist_init(Int32(capacity))
        defer { history_end(merged) }
        if FileManager.default.fileExists(atPath: path) { pe_hist_load(merged, path) }
        for entry in newEntries { pe_hist_enter(merged, entry) }
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0o600)
        if fd >= 0 { close(fd) }
        guard pe_hist_save(merged, temporary) >= 0 else {
            unlink(temporary)
            return
        }
        chmod(temporary, 0o600)
        rename(temporary, path)
    }
}
