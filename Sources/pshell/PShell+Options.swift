import CoveoAPI
import Foundation
import Interpreter

/// Process flags that need more than a type to be read: the network's, the clock's.
extension PShell {
    /// `--timeout`, `--cacert` (and a profile's `cacert`) and the environment's CA file and proxies, each CA file
    /// read now.
    static func transportOptions(
        timeout: Double, cacerts: [String], environment: [String: String]
    ) throws(EndpointError)
        -> TransportOptions
    {
        guard timeout > 0, timeout <= 86_400 else {
            // As typed where it is whole (99999999999, not 99999999999.0).
            let given = timeout.rounded() == timeout && abs(timeout) < 1e15 ? String(Int64(timeout)) : String(timeout)
            throw EndpointError(
                message: "--timeout must be a number of seconds above 0, at most 86400 (a day), not \(given)")
        }
        var options = try TransportOptions(environment: environment)
        options.timeout = .milliseconds(Int64(timeout * 1000))
        options.extraCAFiles += cacerts
        try options.validate()
        return options
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

    /// The start-up file, `$XDG_CONFIG_HOME/pshell/pshellrc` (else `~/.config/pshell/pshellrc`): its statements run
    /// before the first prompt (aliases, settings, a target), as `.psqlrc` does; a failure is reported as
    /// `FILE:LINE:` and the prompt comes anyway. `--no-rc` skips it; `-c` and scripts run it only with `--rc`.
    func runStartupFile(_ shell: Shell, _ environment: [String: String]) async {
        guard !noRC, let path = StartupConfiguration.configPath(environment, "pshell/pshellrc"),
            let data = FileManager.default.contents(atPath: path)
        else { return }
        _ = await shell.runScript(String(decoding: data, as: UTF8.self), name: path)
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
