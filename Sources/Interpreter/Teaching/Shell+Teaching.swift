import CoveoAPI
import Foundation

/// What teachers and presenters need: show each request (`trace`), send nothing (`dry-run`), replay the
/// last request outside pshell (`curl`), explain an operation, time commands, record a session as a script.
extension Shell {
    func setSwitch(_ args: ParsedArguments, _ name: String, _ apply: (Bool) -> Void, current: Bool) {
        guard let value = args.word(CommandCatalog.onOff) else {
            console.write("\(name) is \(current ? "on" : "off")\n")
            return
        }
        apply(value == "on")
    }

    /// Called after every successful statement.
    func recordIfNeeded(_ statement: String, _ spec: CommandSpec, _ args: ParsedArguments) {
        // A dry run changed nothing: replaying it would not replay the session.
        guard recorder != nil, !recordingBlock,
            CommandRegistry.command(named: spec.name)?.command.recorded != false, currentDryRun == .off,
            spec.name != "dry-run"
        else { return }
        if spec.name == "token", !args.has("env") { return }
        let created = spec.name == "create" ? session.last?["id"]?.stringValue : nil
        // A stream load or remove confirmed at the prompt needs --yes in the script that replays it.
        let confirmed =
            spec.name == "stream" && ["load", "remove"].contains(args[StreamCommand.action]) && !args.has("yes")
        keep(confirmed ? statement + " --yes" : statement, command: spec.name, createdID: created)
    }

    /// Adds what ran to the recording and writes it out; a text holding the token is never kept.
    func keep(_ text: String, command: String, createdID: String?) {
        guard var recorder else { return }
        if let token = session.token, text.contains(token.value) { return }
        // `a; b` typed on one line: each statement kept on its own, without the space after the `;`.
        recorder.add(text.trimmingCharacters(in: .whitespaces), command: command, createdID: createdID)
        do {
            try recorder.write()
        } catch {
            console.diagnose(.warning, "\(error)")
        }
        self.recorder = recorder
    }

    /// Reports each exchange: a trace when `trace on`, the request itself when a dry run held it back.
    func makeObserver() -> @Sendable (HTTPExchange) -> Void {
        // A dry run's requests show even when the command's result does not (`-q`): they are what it did.
        let console = self.console.unquiet
        let exchanges = self.exchanges
        let trace = session.trace
        let r = renderer
        let view = platformView(session.traceAsPlatform)
        return { exchange in
            exchanges.record(exchange)
            guard exchange.wasSent else {
                console.write(r.dim("dry run: not sent") + "\n" + Redaction.visible(HTTPText.request(exchange.request)))
                return
            }
            guard trace else { return }
            let request = view?.rewrite(exchange.request) ?? exchange.request
            // The server's text is made visible first, then styled: pshell's own colours are never escaped.
            let safe = Redaction.visible
            var text = r.dim("── request" + (view.map { " " + $0.note } ?? "")) + "\n" + safe(HTTPText.request(request))
            if let response = exchange.response {
                text += r.dim("── response") + "\n" + safe(HTTPText.response(response, elapsed: exchange.elapsed))
            } else if let failure = exchange.failure {
                text +=
                    r.dim("── no response after \(HTTPText.milliseconds(exchange.elapsed)): \(safe(failure))") + "\n"
            }
            console.diagnose(Diagnostic(nil, String(text.dropLast()), verbatim: true))
        }
    }
}
