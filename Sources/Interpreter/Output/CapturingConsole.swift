import Foundation
import Synchronization

/// The console of a statement inside `$(...)`: what it prints is kept (as a pipe would take it: no terminal, no
/// colour); what it says on standard error, and its questions, still reach the person.
final class CapturingConsole: Console {
    private let outer: any Console
    private let captured = Mutex("")

    /// What each write becomes before it is kept (the masking of what a pipe carries).
    private let transform: @Sendable (String) -> String

    init(around outer: any Console, transform: @escaping @Sendable (String) -> String = { $0 }) {
        self.outer = outer
        self.transform = transform
    }

    var isTerminal: Bool { false }
    var usesColor: Bool { false }
    var isInteractive: Bool { outer.isInteractive }
    var showsProgress: Bool { outer.showsProgress }

    /// The non-empty lines printed so far.
    var lines: [String] {
        captured.withLock { $0.split(separator: "\n").map(String.init) }
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    func write(_ text: String) {
        let kept = transform(text)
        captured.withLock { $0 += kept }
    }

    /// Everything written, as it was written.
    var text: String { captured.withLock { $0 } }
    func diagnose(_ diagnostic: Diagnostic) { outer.diagnose(diagnostic) }
    func ask(_ prompt: String) -> String? { outer.ask(prompt) }
    func askSecret(_ prompt: String) -> String? { outer.askSecret(prompt) }
    func confirmAtTerminal(_ prompt: String) -> String? { outer.confirmAtTerminal(prompt) }
    func progress(_ text: String?) { outer.progress(text) }
}
