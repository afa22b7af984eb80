import Foundation

/// Programs pshell hands the terminal to: `\! CMD`, `$EDITOR` for `\e` and `edit`. A seam, so a test can see what
/// would run; the real one waits for the program, its standard streams the terminal's.
package protocol ExternalPrograms: Sendable {
    /// Runs `/bin/sh -c SCRIPT` with `arguments` as `$1`...; returns its exit status.
    func run(_ script: String, arguments: [String]) async -> Int32
}

package struct SystemPrograms: ExternalPrograms {
    package init() {}

    package func run(_ script: String, arguments: [String]) async -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, "sh"] + arguments
        // The child is waited for off the actor's executor: a long `\! sleep 10` blocks no other task.
        return await withCheckedContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(returning: 127)
            }
        }
    }
}
