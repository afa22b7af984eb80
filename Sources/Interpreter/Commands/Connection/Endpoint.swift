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
            .init(
                "cacert", value: .file, valueName: "FILE",
                help: "trust this CA (PEM) on top of the system's from now on, as `pshell --cacert` does"),
        ],
        example: "endpoint --platform https://myorg.admin.org.coveo.com",
        details: """
            Plain http is refused except to this machine (127.0.0.1, localhost). --cacert may come alone: a server
            whose certificate a private CA signed (`pshell sandbox --tls`, a company proxy) is then trusted.
            """)

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        if let file = args.value("cacert") {
            var network = shell.session.network
            let path = shell.inputs.path(file)
            if !network.extraCAFiles.contains(path) { network.extraCAFiles.append(path) }
            do {
                try network.validate()
            } catch {
                throw ShellError.usage("endpoint: \(error.message)")
            }
            shell.session.network = network
            shell.console.diagnose(.note, "trusting the CA in \(path) on top of the system's")
            guard args.value("platform") != nil || args.value("push") != nil else { return .success }
        }
        guard args.value("platform") != nil || args.value("push") != nil else {
            throw ShellError.usage("endpoint: give --platform URL, --push URL, --cacert FILE, or them together")
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
