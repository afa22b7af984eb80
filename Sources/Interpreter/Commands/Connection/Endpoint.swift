import CoveoAPI
import Foundation

/// `endpoint`: use custom platform and Push hosts.
struct EndpointCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "endpoint", group: .connection, summary: "Use custom platform and Push hosts",
        positionals: [],
        options: [
            .init("platform", value: .text, valueName: "URL", help: "the platform base URL (Source API)"),
            .init(
                "push", value: .text, valueName: "URL",
                help: "the Push API base URL (default: the platform URL's, or the region's)"),
        ],
        example: "endpoint --platform https://myorg.admin.org.coveo.com",
        details: "Plain http is refused except to this machine (127.0.0.1, localhost).")

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        guard args.value("platform") != nil || args.value("push") != nil else {
            throw ShellError.usage("endpoint: give --platform URL, --push URL or both")
        }
        let regional = Endpoints.coveo(region: shell.session.region, environment: shell.session.environment)
        var endpoints: Endpoints
        if case .custom(let current) = shell.session.target { endpoints = current } else { endpoints = regional }
        if let text = args.value("platform") {
            switch Endpoints.validate(text) {
            case .success(let url):
                endpoints.platform = url
                // Given alone, the platform URL names the Push API's host too (`--push` for another).
                if args.value("push") == nil {
                    endpoints.push = Endpoints.push(
                        following: url, region: shell.session.region, environment: shell.session.environment)
                }
            case .failure(let error): throw ShellError.usage("endpoint: \(error.message)")
            }
        }
        if let text = args.value("push") {
            switch Endpoints.validate(text) {
            case .success(let url): endpoints.push = url
            case .failure(let error): throw ShellError.usage("endpoint: \(error.message)")
            }
        }
        shell.retarget(.custom(endpoints))
        return .success
    }
}
