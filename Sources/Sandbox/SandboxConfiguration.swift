package import CoveoAPI

/// How a sandbox starts: which organization it pretends to be, where it listens, where it keeps its state.
package struct SandboxConfiguration: Sendable {
    /// The organization id the sandbox serves; every other organization is unknown to it.
    package var organization: String
    /// 0 picks a free port.
    package var port: UInt16
    /// A JSON file that keeps sources and keys across restarts; `nil` keeps everything in memory.
    package var stateFile: String?
    /// `numberOfSourcesLimit` of the emulated license (the Coveo documentation's sample value).
    package var sourcesLimit: Int
    /// `numberOfSecurityProvidersLimit` of the emulated license.
    package var securityProvidersLimit: Int
    /// How long after a Push API call is accepted the sandbox indexes or rejects it.
    package var indexingDelayMilliseconds: Int
    /// Faults to inject (429s, 5xx, dropped connections).
    package var faults = SandboxFaults()
    /// The time the sandbox reads: the system's, or a fixed instant for tests and demos that must not
    /// depend on the day they run.
    package var clock: WallClock = .system
    /// HTTPS instead of plain HTTP (`pshell sandbox --tls`); still on 127.0.0.1 only.
    package var tls: SandboxTLS?

    package init(
        organization: String = "pshellsandbox", port: UInt16 = 0, stateFile: String? = nil, sourcesLimit: Int = 15,
        securityProvidersLimit: Int = 15, indexingDelayMilliseconds: Int = 200
    ) {
        self.indexingDelayMilliseconds = indexingDelayMilliseconds
        self.organization = organization
        self.port = port
        self.stateFile = stateFile
        self.sourcesLimit = sourcesLimit
        self.securityProvidersLimit = securityProvidersLimit
    }
}
