import ArgumentParser
import CProcess
import CoveoAPI
import Foundation
import Interpreter
import LineEditor
import Logging
import Sandbox
import Synchronization

/// `pshell [FLAGS] [SCRIPT [ARGS...]]`.
struct PShell: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pshell",
        abstract: "An interactive shell and script runner for Coveo Push sources.",
        usage: """
            pshell [options]                      start the shell
            pshell [options] SCRIPT [ARGS...]     run a .pshell script
            pshell [options] -c LINE [ARGS...]    run one statement
            pshell sandbox [--port N] [--org ID] [--state FILE] [--tls]
            pshell version | pshell man
            """,
        discussion: """
            With no Coveo account configured, pshell runs on a built-in sandbox that emulates the platform.
            Environment: PSHELL_ORG, PSHELL_TOKEN, PSHELL_REGION, PSHELL_ENVIRONMENT, PSHELL_PLATFORM_URL, \
            PSHELL_PUSH_URL, PSHELL_PROFILE, PSHELL_CA_FILE, SSL_CERT_FILE, HTTPS_PROXY, http_proxy, ALL_PROXY, \
            NO_PROXY, NO_COLOR, XDG_CONFIG_HOME, XDG_STATE_HOME, XDG_DATA_HOME.
            Exit status: 0 success, 1 a command failed, 2 not found (404), 3 not authorized (401, 403), 4 throttled \
            past --max-wait, 5 network or TLS, 64 usage, 65 a script that does not parse or fails --check, \
            130 interrupted.
            """,
        version: PShell.version
    )

    /// The release and the git commit it was built from (`pshell --version`, `pshell version`, the banner).
    static let version = "0.1.0 (commit \(BuildInfo.commit.prefix(12)))"

    @Option(
        name: [.short, .customLong("command")], help: "Run one statement (or several, with ;) and exit.",
        completion: .list(CommandCatalog.all.map(\.name)))
    var command: String?

    @Option(
        name: [.short, .customLong("file")], help: ArgumentHelp("Run this script (as psql -f).", valueName: "FILE"),
        completion: .file(extensions: ["pshell"]))
    var file: String?

    @Option(
        name: [.customShort("v"), .customLong("set")],
        help: ArgumentHelp("Set a variable before the script runs (repeatable).", valueName: "NAME=VALUE"))
    var assignments: [String] = []

    @Flag(help: "Check the scripts (SCRIPT..., -f or -c) without running them: each problem as FILE:LINE:, exit 65.")
    var check = false

    @Flag(help: "Send nothing: print each request a command would send (the whole script goes on).")
    var dryRun = false

    @Option(help: "The organization id.")
    var org: String?

    @Option(help: "The region: us, eu, au or ca.", completion: .list(Region.allCases.map(\.rawValue)))
    var region: String?

    @Option(
        help: "The environment: prod, hipaa, dev or stg.",
        completion: .list(PlatformEnvironment.allCases.map(\.rawValue)))
    var environment: String?

    @Option(name: .customLong("platform-url"), help: "A custom platform base URL.")
    var platformURL: String?

    @Option(name: .customLong("push-url"), help: "A custom Push API base URL (default: --platform-url's host).")
    var pushURL: String?

    @Option(
        help: "A named profile (profiles/NAME.json in pshell's config folder) or a profile file (JSON).",
        completion: .file(extensions: ["json"]))
    var profile: String?

    @Flag(help: "Use the built-in sandbox whatever is configured.")
    var sandbox = false

    @Flag(help: "Keep running a script after a command fails.")
    var keepGoing = false

    @Flag(help: "Print each statement of the script, after the prompt, before its output (a live demo).")
    var echo = false

    @Flag(
        help:
            ArgumentHelp(
                "Type each line of the script at the prompt and wait: Enter runs it (edit "
                    + "it first if you like), Ctrl-C skips it.")
    )
    var step = false

    @Option(
        help: ArgumentHelp(
            "With --step: type each statement at a person's pace, run it, pause this long; Ctrl-C hands over.",
            valueName: "SECONDS"))
    var auto: Double?

    @Flag(name: [.short, .long], help: "Never ask for confirmation.")
    var yes = false

    @Option(help: "The most seconds one call may wait to retry 429, 5xx and dropped connections (default 120).")
    var maxWait: Double?

    @Option(help: "The most seconds one request may take, its whole answer included (redirects too; default 60).")
    var timeout: Double?

    @Option(
        help: ArgumentHelp(
            "Trust this CA (PEM) on top of the system's, for a company proxy that inspects TLS (also PSHELL_CA_FILE).",
            valueName: "FILE"), completion: .file())
    var cacert: String?

    @Option(
        help: "Faults the built-in sandbox injects, e.g. 429=0.2,503=0.05,reset=0.02 (see `pshell sandbox --help`).")
    var sandboxFaults: String?

    @Option(
        help: ArgumentHelp(
            "Keep the built-in sandbox's state in this file (SQLite) from one run to the next (the prompt keeps it "
                + "in $XDG_DATA_HOME/pshell/sandbox.db without it).", valueName: "FILE"),
        completion: .file())
    var sandboxState: String?

    @Flag(help: "At the prompt, keep the built-in sandbox in memory only: it starts empty and goes with pshell.")
    var noSandboxState = false

    @Option(
        help: ArgumentHelp(
            "Start the clock at this instant (ISO 8601), for the built-in sandbox and the shell alike: a lesson or "
                + "a test shows the same dates on any day. Time still moves on from there.", valueName: "DATE-TIME"))
    var clock: String?

    @Option(
        name: [.short, .long],
        help: "Output: \(OutputFormat.names) (auto by default; errors too are JSON with json).",
        completion: .list(OutputFormat.allCases.map(\.rawValue)))
    var output: String?

    @Option(help: "Colour: auto, always or never.", completion: .list(["auto", "always", "never"]))
    var color: String = "auto"

    @Flag(help: "Do not read or write the history file.")
    var noHistory = false

    @Flag(name: .customLong("no-rc"), help: "Do not run the start-up file ($XDG_CONFIG_HOME/pshell/pshellrc).")
    var noRC = false

    @Flag(name: .customLong("rc"), help: "Run the start-up file before -c or a script too (the prompt always does).")
    var rc = false

    @Flag(help: "At the prompt, never page output taller than the terminal (also `set pager off`, `\\pset pager off`).")
    var noPager = false

    @Flag(help: "JSON requests in, JSON answers out, one a line, the session kept: for programs (see the README).")
    var machine = false

    @Flag(help: "Log every HTTP request (method, URL, status, time; tokens masked) to standard error.")
    var verbose = false

    @Argument(
        help: "A script to run (- for standard input), and its arguments ($1...$9, $@).",
        completion: .file(extensions: ["pshell"]))
    var script: [String] = []

    mutating func run() async throws {
        let status = await execute()
        if status != 0 { throw ExitCode(status) }
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
            return usageError(error.message)
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
        if let maxWait, !maxWait.isFinite || maxWait < 0 || maxWait > 86_400 {
            throw UsageError(message: "--max-wait must be a number of seconds from 0 to 86400, not \(maxWait)")
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
            return usageError(error.message)
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

    func usageError(_ message: String) -> Int32 {
        StandardConsole.write("pshell: error: \(message)\n", to: STDERR_FILENO)
        return ExitStatus.usage
    }
}
