import Foundation
import Interpreter
import LineEditor

extension PShell {
    /// What the REPL says first: what pshell is, and what it targets; wrapped at a word on a narrow terminal.
    func banner(_ startup: StartupConfiguration, color: Bool) -> String {
        let bold = color ? "\u{1B}[1m" : ""
        let reset = color ? "\u{1B}[0m" : ""
        var text =
            "\(bold)pshell\(reset) 0.1 — Coveo Push sources. `help` lists commands; Tab completes; Ctrl-D exits.\n"
        text += "Target: \(startup.origin)"
        if startup.session.target == .sandbox {
            text += ", organization pshellsandbox, offline.\n"
            text += "Set `org`, `region` and `token` (or PSHELL_ORG/PSHELL_TOKEN) to use the real platform.\n"
        } else {
            text += ".\n"
        }
        guard let columns = Terminal.columns(STDOUT_FILENO) else { return text }
        return Renderer.wrapLines(text, width: columns)
    }
}
