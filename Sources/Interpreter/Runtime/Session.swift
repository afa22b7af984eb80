package import CoveoAPI
import Foundation

/// Everything a statement may read or change: where pshell points, as whom, and the script's variables.
package struct Session: Sendable {
    package var target: Target
    package var organization: String?
    /// A token the user gave. On the sandbox, `nil` means the sandbox's own administrator key.
    package var token: Secret?
    /// Where the token came from, for `session` and the banner ("prompt", "PSHELL_TOKEN", "Coveo CLI login").
    package var tokenOrigin: String?
    /// The region and environment used for Push hosts when the platform host is custom.
    package var region: Region = .us
    package var environment: PlatformEnvironment = .prod
    /// `set NAME VALUE` variables.
    package var variables: [String: String] = [:]
    /// `alias NAME STATEMENT`: statements run by a name, `$1`..`$9` and `$@` taken from the call.
    package var aliases: [String: String] = [:]
    /// `$1`...`$9` of the running script.
    package var arguments: [String] = []
    /// The exit status of the last statement, `$status` (0: it succeeded).
    package var status: Int32 = 0
    /// The last JSON result, `$last`.
    package var last: JSON? {
        didSet {
            lastHeldBy = nil
            lastSerial &+= 1
        }
    }
    /// Counts the results kept: a result equal to the one before is still a new one (`list` twice).
    package private(set) var lastSerial = 0
    /// The command whose result a dry run held back: `$last...` then stands for a placeholder.
    package var lastHeldBy: String?
    package var output: OutputFormat = .auto
    package var continueOnError = false
    /// `trace on`: every request and response printed.
    package var trace = false
    /// The named profile the session started from (`--profile NAME`), and whether it is marked production.
    package var profile: String?
    package var production = false
    /// At the prompt, output taller than the terminal goes through `$PAGER` (`set pager off`, `--no-pager`).
    package var pager = true
    /// `trace on --as-platform`: on the sandbox, requests shown with the platform's hosts.
    package var traceAsPlatform = false
    /// `dry-run on`: requests printed, not sent.
    package var dryRun = false
    /// The process's `--dry-run`: no statement turns it off (a script under it says `dry-run off` for its own run).
    package var dryRunForWholeRun = false
    /// `timing on`: each command's time printed.
    package var timing = false
    /// The most time one call may spend waiting to retry (429, 5xx, dropped connections), in seconds.
    package var maximumRetryWait: Double = 120
    /// How requests travel: the deadline of one answer (`--timeout`, `set timeout`), the CAs trusted, the proxies.
    package var network = TransportOptions()
    /// The process environment, for `${env.NAME}` and `token --env`.
    package var environmentVariables: [String: String]

    package init(target: Target = .sandbox, organization: String? = nil, environmentVariables: [String: String] = [:]) {
        self.target = target
        self.organization = organization
        self.environmentVariables = environmentVariables
    }
}
