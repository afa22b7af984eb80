import CProcess
import CoveoAPI
import Foundation
import Interpreter
import LineEditor
import Logging
import Sandbox
import Synchronization

/// `pshell [FLAGS] [SCRIPT [ARGS...]]`: the process's flags (`ProcessOption.all`), read once.
struct PShell {
    /// The release and the git commit it was built from (`pshell --version`, `pshell version`, the banner).
    static let version = "0.1.0 (commit \(BuildInfo.commit.prefix(12)))"

    /// The words as read; each flag below is read from them.
    let arguments: ProcessArguments
    /// The numbers, checked once when the words are read.
    let auto: Double?
    let maxWait: Double?
    let timeout: Double?

    var command: String? { arguments.value("command") }
    var file: String? { arguments.value("file") }
    var assignments: [String] { arguments.all("set") }
    var check: Bool { arguments.has("check") }
    var dryRun: Bool { arguments.has("dry-run") }
    var org: String? { arguments.value("org") }
    var region: String? { arguments.value("region") }
    var environment: String? { arguments.value("environment") }
    var platformURL: String? { arguments.value("platform-url") }
    var pushURL: String? { arguments.value("push-url") }
    var profile: String? { arguments.value("profile") }
    var sandbox: Bool { arguments.has("sandbox") }
    var keepGoing: Bool { arguments.has("keep-going") }
    var echo: Bool { arguments.has("echo") }
    var step: Bool { arguments.has("step") }
    var yes: Bool { arguments.has("yes") }
    var cacert: String? { arguments.value("cacert") }
    var sandboxFaults: String? { arguments.value("sandbox-faults") }
    var sandboxState: String? { arguments.value("sandbox-state") }
    var noSandboxState: Bool { arguments.has("no-sandbox-state") }
    var clock: String? { arguments.value("clock") }
    var output: String? { arguments.value("output") }
    var color: String { arguments.value("color") ?? "auto" }
    var noHistory: Bool { arguments.has("no-history") }
    var noRC: Bool { arguments.has("no-rc") }
    var rc: Bool { arguments.has("rc") }
    var noPager: Bool { arguments.has("no-pager") }
    var machine: Bool { arguments.has("machine") }
    var verbose: Bool { arguments.has("verbose") }
    /// The script and its arguments.
    var script: [String] { arguments.positionals }

    init(_ arguments: ProcessArguments) throws(UsageError) {
        self.arguments = arguments
        auto = try arguments.seconds("auto")
        maxWait = try arguments.seconds("max-wait")
        timeout = try arguments.seconds("timeout")
        if org?.isEmpty == true { throw UsageError(message: "--org needs an organization id, not an empty word") }
        // What would be dropped without a word: one source of statements.
        if command != nil, file != nil { throw UsageError(message: "-c and -f cannot be used together: give one") }
        if machine, command != nil || file != nil || !script.isEmpty {
            throw UsageError(message: "--machine reads its requests on standard input: it takes no -c, -f or SCRIPT")
        }
    }

    /// Reads the words and runs; `--help`, `--version` and the completion scripts are answered first.
    static func main(_ words: [String]) async -> Never {
        let pshell = ProcessArguments.read(
            words, program: "pshell", options: ProcessOption.all, help: ProcessHelp.text
        ) { arguments throws(UsageError) in try PShell(arguments) }
        if pshell.arguments.has("version") {
            print(version)
            exit(0)
        }
        if let shell = pshell.arguments.value("generate-completion-script") {
            guard let shell = CompletionScript.Shell(rawValue: shell.lowercased()) else {
                exit(usageError("--generate-completion-script takes bash, zsh or fish, not '\(shell)'"))
            }
            print(CompletionScript.text(for: shell), terminator: "")
            exit(0)
        }
        exit(await pshell.execute())
    }

    private func execute() async -> Int32 {
        if verbose {
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = .debug
                return handler
            }
        }
        let settings: Settings
        do {
            settings = try resolve()
        } catch {
            return Self.usageError(error.message)
        }
        if check { return checkScripts(settings) }
        if machine { return await runMachine(settings, EmbeddedSandbox(configuration: settings.sandbox)) }
        let interactive =
            command == nil && file == nil && (script.isEmpty || step) && Terminal.isTerminal(STDIN_FILENO)
        guard interactive else { return await runScript(settings, EmbeddedSandbox(configuration: settings.sandbox)) }
        // The prompt keeps its sandbox from one session to the next; a `--step` through a script starts it empty,
        // as the script would.
        var sandbox = settings.sandbox
        var keepsByDefault = sandbox.stateFile == nil && !noSandboxState && !step
        var heldElsewhere: String?
        if keepsByDefault, let file = StartupConfiguration.dataPath(settings.environment, "pshell/sandbox.db") {
            // Another prompt's sandbox holds it: this one starts in memory, and its banner says so.
            if StateFileLock.isHeld(file) {
                heldElsewhere = file
                keepsByDefault = false
            } else {
                sandbox.stateFile = file
            }
        }
        let launcher = EmbeddedSandbox(configuration: sandbox, stateFileIsDefault: keepsByDefault)
        return await runREPL(settings, launcher, stateFile: sandbox.stateFile, heldElsewhere: heldElsewhere)
    }

    /// What the flags and the environment decide, checked before anything starts.
    struct Settings {
        var environment: [String: String]
        var color: ColorChoice
        var startup: StartupConfiguration
        var session: Session
        var clock: WallClock
        var sandbox: SandboxConfiguration
        /// The lines of the `--step` script.
        var steps: [String] = []
    }

    /// A flag or a variable that cannot be used: one usage line.
    struct UsageError: Error {
        var message: String
    }

    private func resolve() throws(UsageError) -> Settings {
        let variables = ProcessInfo.processInfo.environment
        guard let colorChoice = ColorChoice(rawValue: color) else {
            throw UsageError(message: "--color must be auto, always or never, not '\(color)'")
        }
        if let maxWait, maxWait < 0 || maxWait > 86_400 {
            throw UsageError(
                message: "--max-wait must be a number of seconds from 0 to 86400, not \(Self.shown(maxWait))")
        }
        let outputFormat = try output.map { text throws(UsageError) in
            guard let format = OutputFormat(rawValue: text) else {
                throw UsageError(message: "--output must be one of \(OutputFormat.names), not '\(text)'")
            }
            return format
        }
        var startup: StartupConfiguration
        do {
            startup = try StartupConfiguration.resolve(startupFlags, environment: variables)
        } catch {
            throw UsageError(message: error.message)
        }
        var session = startup.session
        let cacerts = [startup.profileCAFile, cacert].compactMap { $0 }
        do {
            session.network = try Self.transportOptions(
                timeout: timeout ?? 60, cacerts: cacerts, environment: variables)
        } catch {
            throw UsageError(message: error.message)
        }
        let wallClock: WallClock
        do {
            wallClock = try Self.wallClock(clock)
        } catch {
            throw UsageError(message: error.message)
        }
        var sandboxConfiguration = try sandboxFlags()
        // The config file's settings, then the flags given, which win.
        startup.warnings += ConfigFile.apply(to: &session, environment: variables)
        if let timeout { session.network.timeout = .milliseconds(Int64(timeout * 1000)) }
        if let outputFormat { session.output = outputFormat }
        if let maxWait { session.maximumRetryWait = max(0, maxWait) }
        session.dryRun = dryRun
        session.dryRunForWholeRun = dryRun
        if noPager { session.pager = false }
        try setVariables(&session)
        sandboxConfiguration.clock = wallClock
        var settings = Settings(
            environment: variables, color: colorChoice, startup: startup, session: session, clock: wallClock,
            sandbox: sandboxConfiguration)
        if step { settings.steps = try stepLines() }
        try checkAuto()
        return settings
    }

    /// The built-in sandbox's faults and state file, as the flags give them.
    private func sandboxFlags() throws(UsageError) -> SandboxConfiguration {
        if noSandboxState, sandboxState != nil {
            throw UsageError(message: "--no-sandbox-state and --sandbox-state FILE cannot be used together")
        }
        if sandboxState?.isEmpty == true { throw UsageError(message: "--sandbox-state needs a file's name") }
        var configuration = SandboxConfiguration()
        configuration.stateFile = sandboxState
        if let sandboxFaults {
            do {
                configuration.faults = try SandboxFaults.parse(sandboxFaults)
            } catch {
                throw UsageError(message: "--sandbox-faults: \(error.message)")
            }
        }
        return configuration
    }

    /// The prompt: libedit, history, completion, the banner; `--step` types the script's lines into it.
    private func runREPL(
        _ settings: Settings, _ launcher: EmbeddedSandbox, stateFile: String?, heldElsewhere: String? = nil
    ) async -> Int32 {
        let historyPath = noHistory ? nil : HistoryFile.defaultPath(environment: settings.environment)
        let completerBox = CompleterBox()
        let editor = EditLineReader(
            program: "pshell", historyFile: historyPath.map { HistoryFile(path: $0) }, completer: completerBox)
        let pager = Pager(environment: settings.environment)
        let console = StandardConsole(
            color: settings.color, interactive: true, environment: settings.environment,
            asker: QuestionAsker(editor: editor).ask, pager: pager)
        let shell = makeShell(settings.session, console, launcher, settings.clock)
        completerBox.target = ShellCompleter(shell: shell)
        await shell.configure(keepGoing: keepGoing, assumeYes: yes, version: Self.version)
        for warning in settings.startup.warnings { console.diagnose(.warning, "\(warning)") }
        console.write(
            banner(settings.startup, sandboxState: stateFile, heldElsewhere: heldElsewhere, color: console.usesColor))
        await runStartupFile(shell, settings.environment)
        if let path = script.first, step {
            await shell.enterScript(path, arguments: Array(script.dropFirst()))
            console.write("Stepping through \(path): Enter runs each line, Ctrl-C skips it.\n")
        }
        let status = await REPL(
            shell: shell, reader: editor, color: console.usesColor, steps: settings.steps,
            stepsName: script.first ?? "", pager: pager, autoPause: auto
        ).run()
        if let farewell = await shell.farewell() { console.diagnose(.note, farewell) }
        await Self.shutDown(shell, launcher)
        return status
    }

    /// `--machine`: requests on standard input, answers on standard output.
    private func runMachine(_ settings: Settings, _ launcher: EmbeddedSandbox) async -> Int32 {
        let console = MachineConsole()
        let shell = makeShell(settings.session, console, launcher, settings.clock)
        await shell.configure(keepGoing: true, assumeYes: yes, version: Self.version)
        let status = await MachineMode(shell: shell, console: console).run()
        await Self.shutDown(shell, launcher)
        return status
    }

    /// `-c LINE`, a script file, or standard input.
    private func runScript(_ settings: Settings, _ launcher: EmbeddedSandbox) async -> Int32 {
        let console = StandardConsole(
            color: settings.color, interactive: false, environment: settings.environment, asker: nil)
        for warning in settings.startup.warnings { console.diagnose(.warning, "\(warning)") }
        let shell = makeShell(settings.session, console, launcher, settings.clock)
        await shell.configure(keepGoing: keepGoing, assumeYes: yes, echo: echo, version: Self.version)
        let source: ScriptSource
        do {
            source = try ScriptSource.select(command: command, file: file, script: script)
        } catch {
            return Self.usageError(error.message)
        }
        if rc { await runStartupFile(shell, settings.environment, echo: echo) }
        let (text, name, arguments) = (source.text, source.name, source.arguments)
        let status = await Self.interruptible { [arguments] in
            await shell.runScript(text, name: name, arguments: arguments)
        }
        await Self.shutDown(shell, launcher)
        return status
    }

    /// The end of every run: connections closed, the built-in sandbox stopped (its state written, if kept).
    private static func shutDown(_ shell: Shell, _ launcher: EmbeddedSandbox) async {
        await shell.closeConnections()
        await launcher.stop()
    }

    private func makeShell(
        _ session: Session, _ console: any Console, _ launcher: EmbeddedSandbox, _ clock: WallClock
    )
        -> Shell
    {
        Shell(
            session: session, console: console, launcher: launcher, makeTransport: { AsyncHTTPTransport(options: $0) },
            clock: clock, sandboxControl: SandboxHTTPControl())
    }

    static func usageError(_ message: String) -> Int32 {
        ProcessArguments.usageError(message, program: "pshell")
    }
}
