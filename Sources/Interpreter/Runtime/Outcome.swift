/// What became of one statement. The REPL, `-c` and scripts share one execution path and differ only
/// in what they do with this.
package enum Outcome: Sendable, Equatable {
    case success
    case failure(ShellError)
    /// `exit N`.
    case exit(Int32)
    /// A nested script (`source FILE`) stopped and has already reported why; carries its exit status.
    case stopped(Int32)
}

extension Outcome {
    /// What `$status` says of it.
    package var status: Int32 {
        switch self {
        case .success: 0
        case .failure(let error): error.exitCode
        case .exit(let code), .stopped(let code): code
        }
    }
}
