import CoveoAPI
import Foundation
import Synchronization

/// The one place secrets are masked: every text pshell writes (results, errors, notes, traces, `curl`, `--check`)
/// passes through here on its way to the terminal, and each secret the session has held is masked by its value,
/// wherever it stands (a URL, a body, an option the user mistyped). A token once held stays masked after it is
/// replaced or cleared: the screen and the scrollback outlive it.
package final class MaskingConsole: Console {
    private let outer: any Console
    private let redaction: Mutex<Redaction>
    /// The one secret a command was asked to print, while it prints it.
    private let shown = Mutex<String?>(nil)

    package init(around outer: any Console, secrets: [String] = []) {
        self.outer = outer
        redaction = Mutex(Redaction(secrets: secrets))
    }

    /// Adds secrets to mask from now on.
    func remember(_ secrets: [String]) {
        redaction.withLock { current in
            let new = Redaction(secrets: secrets).secrets.filter { !current.secrets.contains($0) }
            if !new.isEmpty { current = Redaction(secrets: current.secrets + new) }
        }
        ForegroundProcess.hide(Redaction(secrets: secrets).secrets)
    }

    /// Whether `secret` is masked already, or too short to be (a word that short would mask ordinary text).
    func knows(_ secret: String) -> Bool {
        redaction.withLock { $0.secrets.contains(secret) } || secret.count < Redaction.shortest
    }

    /// Runs `body` with `secret` shown as it is: what `sandbox key` and a new API key's one showing are for.
    func revealing(_ secret: String, _ body: () -> Void) {
        shown.withLock { $0 = secret }
        defer { shown.withLock { $0 = nil } }
        body()
    }

    /// Text as it would reach the terminal: every secret masked (what a pipe's command is given).
    func masked(_ text: String) -> String {
        redaction.withLock { $0 }.masked(text, except: shown.withLock { $0 })
    }

    package var isTerminal: Bool { outer.isTerminal }
    package var usesColor: Bool { outer.usesColor }
    package var width: Int? { outer.width }
    package var height: Int? { outer.height }
    package var isInteractive: Bool { outer.isInteractive }
    package var showsProgress: Bool { outer.showsProgress }

    package func write(_ text: String) { outer.write(masked(text)) }

    /// A note, warning or error is pshell's words around a server's (a source's name): its controls are shown
    /// escaped. Plain diagnostics (a trace) carry pshell's own styling and make their server text safe themselves.
    package func diagnose(_ diagnostic: Diagnostic) {
        var shown = diagnostic
        shown.message = masked(diagnostic.message)
        if shown.severity != nil { shown.message = Redaction.visible(shown.message) }
        shown.location = diagnostic.location.map(masked)
        outer.diagnose(shown)
    }

    /// A question names what it is about (a source's name, from a server): shown escaped, as a note would be.
    package func ask(_ prompt: String) -> String? { outer.ask(Redaction.visible(masked(prompt))) }
    package func askSecret(_ prompt: String) -> String? { outer.askSecret(Redaction.visible(masked(prompt))) }
    package func confirmAtTerminal(_ prompt: String) -> String? {
        outer.confirmAtTerminal(Redaction.visible(masked(prompt)))
    }
    package func progress(_ text: String?) { outer.progress(text.map(masked)) }
}
