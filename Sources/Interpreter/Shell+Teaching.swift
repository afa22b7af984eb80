import CoveoAPI
import Foundation

/// What teachers and presenters need: show each request (`trace`), send nothing (`dry-run`), replay the
/// last request outside pshell (`curl`), explain an operation, time commands, record a session as a script.
extension Shell {
    func setSwitch(_ args: ParsedArguments, _ name: String, _ apply: (Bool) -> Void, current: Bool) {
        guard let value = args.positionals.first else {
            console.write("\(name) is \(current ? "on" : "off")\n")
            return
        }
        apply(value == "on")
    }

    func curl(_ args: ParsedArguments) throws {
        guard let request = exchanges.last else {
            throw ShellError.failure("curl: no request yet; run a command that calls the API first")
        }
        var text = HTTPText.curl(request)
        if request.headers.contains(where: { $0.name == "Authorization" }) || request.url.absoluteString.contains("accessToken=") {
            let origin = session.target == .sandbox && session.token == nil ? "the sandbox's administrator key (`pshell sandbox` prints it)" : "your token"
            text = "# export PSHELL_TOKEN first: \(origin)\n" + text
        }
        console.write(text + "\n")
    }

    func explain(_ args: ParsedArguments) throws {
        let name = args.positionals[0]
        guard let spec = CommandCatalog.resolve(name) else {
            throw ShellError.usage("explain: unknown command '\(name)'\(ParsedArguments.suggestion(name, CommandCatalog.all.map(\.name)))")
        }
        guard let explanation = CommandExplanations.explanation(for: spec.name) else {
            console.write("\(spec.name) calls no API operation: it is part of pshell itself (`help \(spec.name)`).\n")
            return
        }
        let r = renderer
        var text = r.bold(spec.name) + " — " + spec.summary + "\n\n"
        for operation in explanation.operations {
            text += "  " + operation.call + "\n"
            text += "    privilege: " + operation.privilege + "\n"
        }
        text += "\n" + explanation.fields.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n"
        text += "\nsource: " + explanation.reference + "\n"
        console.write(text)
    }

    func record(_ args: ParsedArguments) throws {
        guard let target = args.positionals.first else {
            console.write(recorder.map { "recording to \($0.path) (\($0.statements.count) statements so far)\n" } ?? "not recording\n")
            return
        }
        if target == "stop" {
            guard let recorder else { throw ShellError.failure("record stop: nothing is being recorded") }
            try recorder.write()
            self.recorder = nil
            console.write("Recorded \(recorder.statements.count) statements in \(recorder.path)\n")
            return
        }
        if let recorder { throw ShellError.failure("record: already recording to \(recorder.path); `record stop` first") }
        let path = resolvePath(target)
        let recorder = Recorder(path: path, started: clock.now())
        try recorder.write()
        self.recorder = recorder
        console.write("Recording successful commands to \(path); `record stop` ends\n")
    }

    /// Called after every successful statement.
    func recordIfNeeded(_ statement: String, _ spec: CommandSpec, _ args: ParsedArguments) {
        // A dry run changed nothing: replaying it would not replay the session.
        guard var recorder, CommandRegistry.command(named: spec.name)?.recorded != false, currentDryRun == .off, spec.name != "dry-run" else { return }
        if spec.name == "token", !args.has("env") { return }
        if let token = session.token, statement.contains(token.value) { return }
        let created = spec.name == "create" ? session.last?["id"]?.stringValue : nil
        recorder.add(statement, command: spec.name, createdID: created)
        do {
            try recorder.write()
        } catch {
            console.diagnose("warning: \(error)")
        }
        self.recorder = recorder
    }

    /// Reports each exchange: a trace when `trace on`, the request itself when a dry run held it back.
    func makeObserver() -> @Sendable (HTTPExchange) -> Void {
        let console = self.console
        let exchanges = self.exchanges
        let trace = session.trace
        let r = renderer
        let redaction = self.redaction
        return { exchange in
            exchanges.record(exchange)
            guard exchange.wasSent else {
                console.write(r.dim("dry run: not sent") + "\n" + redaction.apply(HTTPText.request(exchange.request)))
                return
            }
            guard trace else { return }
            var text = r.dim("── request") + "\n" + HTTPText.request(exchange.request)
            if let response = exchange.response {
                text += r.dim("── response") + "\n" + HTTPText.response(response, elapsed: exchange.elapsed)
            } else if let failure = exchange.failure {
                text += r.dim("── no response after \(HTTPText.milliseconds(exchange.elapsed)): \(failure)") + "\n"
            }
            console.diagnose(redaction.apply(String(text.dropLast())))
        }
    }
}
