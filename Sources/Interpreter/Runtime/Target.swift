package import CoveoAPI
import Foundation

/// Which platform the session talks to.
package enum Target: Sendable, Equatable {
    /// The built-in sandbox, started on first use.
    case sandbox
    /// Coveo's hosts for a region and environment.
    case coveo(Region, PlatformEnvironment)
    /// Hosts given by hand (organization endpoints, a sandbox elsewhere).
    case custom(Endpoints)

    /// A short name for the prompt: `sandbox`, `us`, `eu/hipaa`, `custom`.
    package var promptName: String {
        switch self {
        case .sandbox: "sandbox"
        case .coveo(let region, let environment):
            environment == .hipaa
                ? "hipaa" : (environment == .prod ? region.rawValue : "\(region.rawValue)/\(environment.rawValue)")
        case .custom: "custom"
        }
    }
}
