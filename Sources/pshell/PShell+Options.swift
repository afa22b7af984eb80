import CoveoAPI
import Foundation
import Interpreter
import LineEditor

/// Process flags that need more than a type to be read: the network's, the clock's.
extension PShell {
    /// `--timeout`, `--cacert` (and a profile's `cacert`) and the environment's CA file and proxies, each CA file
    /// read now.
    static func transportOptions(
        timeout: Double, cacerts: [String], environment: [String: String]
    ) throws(EndpointError)
        -> TransportOptions
    {
        // A millisecond at least: the request's deadline is counted in them, and less was a deadline of 0.
        guard timeout >= 0.001, timeout <= 86_400 else {
            throw EndpointError(
                message: "--timeout must be a number of seconds from 0.001 to 86400 (a day), not \(shown(timeout))")
        }
        var options = try TransportOptions(environment: environment)
        options.timeout = .milliseconds(Int64(timeout * 1000))
        options.extraCAFiles += cacerts
        try options.validate()
        return options
    }

    /// Seconds as typed where whole (99999999999 and -5, not 99999999999.0 and -5.0).
    static func shown(_ seconds: Double) -> String {
        seconds.rounded() == seconds && abs(seconds) < 1e15 ? String(Int64(seconds)) : String(seconds)
    }

    /// What the process flags say of where pshell points.
    var startupFlags: StartupConfiguration.Flags {
        var flags = StartupConfiguration.Flags()
        flags.organization = org
        flags.region = region
        flags.environment = environment
        flags.platformURL = platformURL
        flags.pushURL = pushURL
        flags.sandbox = sandbox
        flags.profile = profile
        return flags
    }

    /// `-v NAME=VALUE`: variables set before the script runs.
    func setVariables(_ session: inout Session) throws(UsageError) {
        for assignment in assignments {
            guard let equals = assignment.firstIndex(of: "="), Tokenizer.isName(String(assignment[..<equals])) else {
                throw UsageError(message: "--set \(assignment): expected NAME=VALUE (a name of letters, digits and _)")
            }
            session.variables[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...])
        }
    }

    /// `--auto SECONDS` goes with `--step`, and pauses a sensible time.
    func checkAuto() throws(UsageError) {
        guard let auto else { return }
        guard step else { throw UsageError(message: "--auto goes with --step: pshell --step FILE --auto SECONDS") }
        guard auto >= 0, auto <= 3600 else { throw UsageError(message: "--auto is a pause in seconds, 0 to 3600") }
    }

    /// `--step FILE`: the script's lines, typed at the prompt one by one.
    func stepLines() throws(UsageError) -> [String] {
        guard let path = script.first, command == nil else {
            throw UsageError(message: "--step takes a script file: pshell --step FILE")
        }
        guard Terminal.isTerminal(STDIN_FILENO) else {
            throw UsageError(
                message: "--step needs a terminal to wait at; use --echo to show a script's statements as it runs")
        }
        do {
            return Script.lines(try ScriptSource.text(of: path)).map(String.init)
        } catch {
            throw UsageError(message: error.message)
        }
    }

    /// The start-up file, `$XDG_CONFIG_HOME/pshell/pshellrc` (else `~/.config/pshell/pshellrc`): its statements run
    /// before the first prompt (aliases, settings, a target), as `.psqlrc` does; a failure is reported as
    /// `FILE:LINE:` and the rest still runs, then the prompt. `--no-rc` skips it; `-c` and scripts run it only with
    /// `--rc`.
    func runStartupFile(_ shell: Shell, _ environment: [String: String], echo: Bool = false) async {
        guard !noRC, let path = StartupConfiguration.configPath(environment, "pshell/pshellrc"),
            let data = FileManager.default.contents(atPath: path)
        else { return }
        // Ctrl-C stops the file, not pshell; a failing line is reported and the next still runs (an alias defined
        // below a typo is not lost).
        let text = String(decoding: data, as: UTF8.self)
        await shell.configure(keepGoing: true, assumeYes: yes)
        _ = await Self.interruptible {
            await shell.runScript(text, name: path)
        }
        await shell.configure(keepGoing: keepGoing, assumeYes: yes, echo: echo)
    }

    /// The system's clock, or one that starts at `--clock`'s instant.
    static func wallClock(_ text: String?) throws(ClockOptionError) -> WallClock {
        guard let text else { return .system }
        guard let start = EpochMilliseconds.parseISO8601(text, dateOnly: true) else {
            throw ClockOptionError(
                message: "--clock: '\(text)' is not an ISO 8601 date or date-time (e.g. 2026-01-15T12:00:00Z)")
        }
        return .starting(at: start)
    }
}

/// A `--clock` value that is not a date.
struct ClockOptionError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
