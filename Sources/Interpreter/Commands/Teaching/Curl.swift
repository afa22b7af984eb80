import CoveoAPI
import Foundation

/// `curl`: the last request as a curl command (the token as \.
struct CurlCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "curl", group: .teaching, summary: "The last request as a curl command (the token as \"$PSHELL_TOKEN\")",
        positionals: [], options: [TraceCommand.asPlatform], example: "curl --as-platform")

    static let recorded = false

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        guard let request = shell.exchanges.last else {
            throw ShellError.failure("curl: no request yet; run a command that calls the API first")
        }
        let view = shell.platformView(args.has("as-platform"))
        // Rewritten to the platform's host, the request is the documentation's: the sandbox's CA does not apply.
        var text = HTTPText.curl(
            view?.rewrite(request) ?? request, caFiles: view == nil ? shell.session.network.extraCAFiles : [])
        if let view { text = "# " + view.note + "\n" + text }
        let bearer = request.headers.first { $0.name == "Authorization" }?.value.dropFirst("Bearer ".count)
        if let bearer, bearer.hasPrefix("eyJ") {
            // A search token (`search --as`) is neither the session's token nor kept: the user makes their own.
            text =
                "# export PSHELL_TOKEN first: a search token for the same user\n"
                + "# (POST /rest/search/v2/token, as `search --as` sent before it);\n"
                + "# with an API key, the Search API answers as an anonymous user\n" + text
        } else if request.headers.contains(where: { $0.name == "Authorization" })
            || request.url.absoluteString.contains("accessToken=")
        {
            let origin =
                shell.session.target == .sandbox && shell.session.token == nil && view == nil
                ? "the built-in sandbox's administrator key, which `sandbox key` prints" : "your token"
            text = "# export PSHELL_TOKEN first: \(origin)\n" + text
        }
        shell.console.write(text + "\n")
        return .success
    }
}
