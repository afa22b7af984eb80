import Foundation

/// One owner per state file: an exclusive lock on `FILE.lock`, held for the sandbox's life. Two sandboxes on one
/// file each kept their own memory and the last writer won (a source answered 201 on one was gone after a
/// restart). The kernel drops the lock when the process ends, `kill -9` included, so a crash never leaves the
/// file locked; the lock file says who holds it, for the one line that refuses the second.
final class StateFileLock: Sendable {
    private let descriptor: Int32
    private let path: String

    init(for stateFile: String) throws(SandboxStateError) {
        path = stateFile + ".lock"
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw SandboxStateError(message: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder =
                (try? String(contentsOfFile: path, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(descriptor)
            throw SandboxStateError(
                message: "\(stateFile) is in use by another pshell sandbox ("
                    + (holder.isEmpty ? "still starting" : holder)
                    + "): one sandbox per state file; stop it, or use it (`--platform-url`)")
        }
        record("pid \(getpid())")
    }

    /// Says who holds the lock: `pid N`, then `pid N, port P` once the sandbox listens.
    func record(_ owner: String) {
        let bytes = Array((owner + "\n").utf8)
        _ = ftruncate(descriptor, 0)
        _ = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    deinit {
        // Closing the last descriptor releases the lock; the file stays, harmless, for the next owner.
        close(descriptor)
    }
}
