package import CoveoAPI

/// Why a statement failed, as one line a user can act on. Rendered in one place (`Shell.render(_:at:)`).
package struct ShellError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Kind: Sendable, Equatable {
        /// The statement itself is wrong (unknown command, bad flag, syntax): exit code 64 in scripts.
        case usage
        /// The statement is fine but could not be carried out: exit code 1.
        case failure
        /// Ctrl-C stopped it.
        case cancelled
    }

    package var kind: Kind
    package var message: String

    package init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    package static func usage(_ message: String) -> ShellError { ShellError(.usage, message) }
    package static func failure(_ message: String) -> ShellError { ShellError(.failure, message) }

    package init(_ error: APIError) {
        self.init(error.kind == .cancelled ? .cancelled : .failure, error.description)
    }

    package var description: String { message }

    /// Whether `error` is Ctrl-C arriving from inside a command, whatever carried it (Swift's cancellation, a
    /// cancelled request, a command that stopped waiting).
    static func isInterruption(_ error: any Error) -> Bool {
        Task.isCancelled || error is CancellationError || (error as? ShellError)?.kind == .cancelled
            || (error as? APIError)?.kind == .cancelled
    }

    /// The exit status a script ends with when this error stops it.
    package var exitCode: Int32 {
        switch kind {
        case .usage: 64
        case .failure: 1
        case .cancelled: 130
        }
    }
}
