package import CoveoAPI
import Foundation

/// The interpreter: runs statements against a session. One actor owns the session, so the REPL's
/// completion (which reads the source cache) and a running command never race.
package actor Shell {
    package internal(set) var session: Session {
        // Only a new token adds a secret: the session changes with every statement ($last, $status). Not compared
        // with `oldValue`, which copied the whole session (and released the copy) at each of its changes.
        didSet { if let token = session.token?.value, !masking.knows(token) { rememberSecrets() } }
    }
    /// Swapped only while a `for` list's `$(STATEMENT)` runs, to keep what it prints.
    var console: any Console
    /// The HTTP transport and the built-in sandbox.
    let connections: Connections
    /// The time of day (Source Logs windows, future-date checks, recordings); fixed in tests.
    let clock: WallClock
    /// Wraps the console the shell was given: every text written is masked there.
    let masking: MaskingConsole
    /// Finds the sources users name; keeps their ids and names for Tab, once per organization (`refresh` again).
    let sources = SourceDirectory()
    /// Files being run by `source`, innermost last (relative paths resolve against the innermost).
    var scriptStack: [String] = []
    /// `--keep-going`, `--yes`, `--echo`.
    var options = RunOptions()
    /// The requests of the running command (`curl`, `timing`).
    let exchanges = ExchangeLog()
    /// `record FILE` in progress.
    var recorder: Recorder?
    /// What the running command's dry run holds back.
    var currentDryRun = DryRun.off
    /// While an `if` runs the command of its condition.
    var evaluatingCondition = false
    /// While an `if` or a `for` runs: `record` keeps the outermost block once, as written, not each statement in it.
    var recordingBlock = false
    /// `\!` and `$EDITOR`.
    let programs: any ExternalPrograms
    /// `record --cast FILE`: the console that also writes the asciicast.
    var cast: CastingConsole?
    /// The last statement typed at the prompt, for `\e`.
    var previousStatement: String?
    /// How many aliases the running statement is inside.
    var aliasDepth = 0
    /// Where the interpreter runs: the HTTP transport's event loop (a request and its answer stay on one thread).
    private nonisolated let executor: any SerialExecutor
    package nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    package init(
        session: Session, console: any Console, launcher: (any SandboxLauncher)?,
        makeTransport: @escaping @Sendable (TransportOptions) -> any HTTPTransport, clock: WallClock = .system,
        sandboxControl: (any SandboxControl)? = nil, programs: any ExternalPrograms = SystemPrograms(),
        executor: any SerialExecutor = AsyncHTTPTransport.executor
    ) {
        self.executor = executor
        self.programs = programs
        self.clock = clock
        self.session = session
        masking = MaskingConsole(around: console, secrets: [session.token?.value].compactMap { $0 })
        self.console = masking
        connections = Connections(
            launcher: launcher, sandboxControl: sandboxControl, makeTransport: makeTransport, masking: masking)
    }

    /// Closes the network connections; called once, before the program ends.
    package func closeConnections() async {
        await connections.close()
    }

    package func configure(keepGoing: Bool, assumeYes: Bool, echo: Bool = false, version: String? = nil) {
        options = RunOptions(
            keepGoing: keepGoing, assumeYes: assumeYes, echo: echo, version: version ?? options.version)
    }

    var renderer: Renderer { Renderer(console: console) }

    // MARK: Statements

    /// Runs one statement (possibly several lines joined by continuation). Never throws: every failure
    /// is an `Outcome` the caller reports.
    package func execute(_ statement: String) async -> Outcome {
        if let meta = MetaCommand(statement) { return await run(meta) }
        if let (body, command) = Tokenizer.pipeline(statement) {
            return await Pipeline.run(body, into: command, in: self)
        }
        let words: [String]
        do {
            words = try Tokenizer.tokenize(statement, resolve: resolve, arguments: { session.arguments })
        } catch {
            return .failure(ShellError.from(error))
        }
        return await execute(words: words, statement: statement)
    }

    /// Runs a statement already split into words (`statement` is what `record` keeps).
    func execute(words: [String], statement: String) async -> Outcome {
        var words = words
        guard var name = words.first else { return .success }
        // `fails COMMAND ...`: a failure is what a lesson or a test expects; it is shown, and the script goes on.
        let expectsFailure = name == "fails"
        if expectsFailure {
            words.removeFirst()
            guard let first = words.first else {
                return .failure(.usage("fails: missing COMMAND (usage: fails COMMAND [ARGS...])"))
            }
            name = first
        }
        guard let entry = CommandRegistry.resolve(name) else {
            if let body = session.aliases[name] {
                let outcome = await runAlias(name, body, Array(words.dropFirst()))
                return expectsFailure ? expectedFailure(outcome, of: name, dryRun: false) : outcome
            }
            return .failure(CommandCatalog.notACommand(name))
        }
        let (command, spec) = (entry.command, entry.spec)
        if CommandSpec.asksForHelp(words.dropFirst(), spec) {
            HelpCommand.showHelp(spec, in: self)
            return .success
        }
        let arguments: ParsedArguments
        do {
            arguments = try ParsedArguments.parse(Array(words.dropFirst()), spec: spec)
        } catch {
            var error = error
            error.command = spec.name
            return .failure(error)
        }
        // Set for the whole statement: `record` must not keep what a dry run only showed.
        let dryRun = command.callsTheAPI && (session.dryRun || arguments.has("dry-run"))
        // A read-only command in an `if` is sent even in a dry run: the branch the script takes depends on it.
        let readOnly = command.isReadOnly(arguments)
        // An `if`'s read is sent, but not one naming what only a held write would have made (`.writes` holds those).
        currentDryRun = dryRun ? (readOnly && !evaluatingCondition ? .everything : .writes) : .off
        defer { currentDryRun = .off }
        let started = ContinuousClock.now
        _ = exchanges.takeCount()
        var outcome = await run(
            command, arguments, quietly: CommandRegistry.printsNothing(arguments, entry, session.output))
        // What a dry run "created" is found by name while it lasts, never after.
        if !session.dryRun { sources.forgetHeld() }
        if case .failure(var error) = outcome, error.command == nil {
            error.command = spec.name
            outcome = .failure(error)
        }
        if session.timing, spec.name != "timing" { reportTiming(since: started) }
        if expectsFailure { return expectedFailure(outcome, of: name, dryRun: dryRun) }
        if outcome == .success { recordIfNeeded(statement, spec, arguments) }
        return outcome
    }

    /// An alias's statement, with the call's words in place of `$1`..`$9` and `$@` (at most 10 aliases deep: one
    /// that calls itself stops there).
    private func runAlias(_ name: String, _ body: String, _ arguments: [String]) async -> Outcome {
        guard aliasDepth < 10 else {
            return .failure(.usage("\(name): aliases call each other more than 10 deep (an alias that calls itself?)"))
        }
        aliasDepth += 1
        defer { aliasDepth -= 1 }
        let expanded: String
        do {
            expanded = try AliasCommand.expand(name, body, arguments: arguments)
        } catch {
            return .failure(error)
        }
        // `alias both 'list -q; echo done'`: its statements one after the other, as typed at the prompt; the first
        // that fails ends the call.
        for statement in Tokenizer.splitStatements(expanded) {
            let outcome = await execute(statement)
            if outcome != .success { return outcome }
        }
        return .success
    }

    /// `fails COMMAND`: its failure is shown and is a success; its success is the failure.
    private func expectedFailure(_ outcome: Outcome, of name: String, dryRun: Bool) -> Outcome {
        guard case .failure(let error) = outcome else {
            // A dry run sent nothing that could fail: whether it would have is not known.
            if outcome == .success, dryRun {
                console.diagnose(.note, "dry run: not checked: whether '\(name)' fails (it was not sent)")
                return .success
            }
            return outcome == .success
                ? .failure(.failure("fails: '\(name)' succeeded, but a failure was expected")) : outcome
        }
        console.diagnose(
            "expected \(error.kind == .cancelled ? "cancellation" : "error"): \(Redaction.visible(error.message))")
        return .success
    }

    /// `timing on`: the time a statement took and the requests it sent.
    private func reportTiming(since started: ContinuousClock.Instant) {
        let requests = exchanges.takeCount()
        console.diagnose(
            renderer.dim(
                "time: \(HTTPText.milliseconds(ContinuousClock.now - started)), \(requests) "
                    + "request\(requests == 1 ? "" : "s")"))
    }

    /// The one place an error becomes text: `error: ...`, or `FILE:LINE: error: ...` in a script.
    package func report(_ error: ShellError, at location: SourceLocation?) {
        let message = Redaction.visible(error.message.split(whereSeparator: \.isNewline).joined(separator: " "))
        if session.output == .json {
            // One line of JSON whatever the terminal's width: a program reads it, and a wrap inside a string is
            // no JSON.
            let object = JSONWriter.compact(ShellError.errorObject(error, message: message, at: location))
            console.diagnose(Diagnostic(nil, object, verbatim: true))
            return
        }
        console.diagnose(
            Diagnostic(error.kind == .cancelled ? .interrupted : .error, message, at: location.map { "\($0)" }))
    }

    /// Runs one parsed command, and turns whatever it throws into an outcome. Quietly: what it prints is dropped
    /// (its diagnostics and questions still reach the person).
    private func run(_ command: any ShellCommand.Type, _ arguments: ParsedArguments, quietly: Bool) async -> Outcome {
        guard quietly || currentDryRun != .off else { return await run(command, arguments) }
        let outer = console
        if currentDryRun != .off { console = DryRunConsole(around: console) }
        if quietly { console = QuietConsole(around: console) }
        defer { console = outer }
        return await run(command, arguments)
    }

    private func run(_ command: any ShellCommand.Type, _ arguments: ParsedArguments) async -> Outcome {
        do {
            return try await command.run(arguments, in: self)
        } catch let error as ShellError {
            return .failure(error)
        } catch let error as APIError where error.kind == .dryRun {
            // A dry run is a result: the request was shown; what it would have returned is a placeholder.
            session.last = nil
            session.lastHeldBy = command.spec.name
            if error.operation.hasPrefix("GET "), !command.isReadOnly(arguments) {
                console.diagnose(
                    .note,
                    "dry run: \(command.spec.name) reads what an earlier held write would have made; "
                        + "the requests it would send after that read are not shown")
            }
            return .success
        } catch let error as APIError {
            var failure = ShellError(error)
            if error.status == 401, let hint = unauthorizedHint() { failure.message += "; " + hint }
            return .failure(failure)
        } catch let error as ModelError {
            return .failure(.failure("\(command.spec.name): \(error), unlike what the API's documentation describes"))
        } catch {
            // Ctrl-C surfaces from deep inside as a CancellationError: the user sees "interrupted", never a type name.
            return .failure(
                ShellError.isInterruption(error)
                    ? ShellError(.cancelled, "\(command.spec.name) stopped") : .failure("\(error)"))
        }
    }

    // MARK: Connection

    /// A client for the current target, starting the sandbox and the HTTP transport on first use.
    func client() async throws -> CoveoClient {
        var client = try await connections.client(for: session)
        let console = self.console
        client.retry = RetryPolicy(maximumWait: session.maximumRetryWait, notice: { console.diagnose(.note, "\($0)") })
        client.observer = makeObserver()
        client.dryRun = currentDryRun
        return client
    }

    /// The prompt's text: where pshell points and at which organization.
    package func promptContext() -> String {
        let organization =
            session.organization ?? (session.target == .sandbox ? connections.launcher?.organization : nil) ?? "no org"
        let context = "\(session.target.promptName):\(organization)"
        return session.profile.map { "\($0) \(context)" } ?? context
    }
}

extension ShellError {
    /// `--output json`'s error: one object on standard error that a program can read.
    static func errorObject(_ error: ShellError, message: String, at location: SourceLocation?) -> JSON {
        func text(_ value: String?) -> JSON { value.map(JSON.string) ?? .null }
        var fields = JSONObject()
        fields["status"] = error.status.map { .int($0) } ?? .null
        fields["errorCode"] = text(error.errorCode)
        fields["message"] = .string(message)
        fields["requestId"] = text(error.requestID)
        fields["command"] = text(error.command)
        fields["file"] = text(location?.file)
        fields["line"] = location.map { .int($0.line) } ?? .null
        fields["exitCode"] = .int(Int(error.exitCode))
        return ["error": .object(fields)]
    }
}

extension CommandRegistry {
    /// Whether a command's result is to be kept as `$last` and not printed: `-o none` (or `set output none`), or
    /// the `-q` of a command that shows no table.
    static func printsNothing(
        _ arguments: ParsedArguments, _ entry: CommandRegistry.Entry, _ session: OutputFormat
    ) -> Bool {
        guard arguments.declares("output") else { return false }
        if let given = arguments.value("output").flatMap(OutputFormat.init(rawValue:)), given == .none { return true }
        // An explicit -q says what it means even under `set output none`: a table's ids, or nothing.
        if arguments.declares("quiet"), arguments.has("quiet") { return entry.quietPrintsNothing(arguments) }
        return arguments.value("output") == nil && session == .none
    }
}

/// How the process asked scripts to run.
struct RunOptions {
    /// `--keep-going`: keep running a script after a failure.
    var keepGoing = false
    /// `--yes`: never ask for confirmation.
    var assumeYes = false
    /// `--echo`: print each script statement, after the prompt, before its output.
    var echo = false
    /// What `version` prints: the executable knows its build, the interpreter does not.
    var version = "(version unknown: built without the pshell executable)"
}
