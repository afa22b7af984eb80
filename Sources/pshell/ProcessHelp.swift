import Interpreter

/// `pshell --help`, and the OPTIONS of the manual page: the table of `ProcessOption`, wrapped at a width.
enum ProcessHelp {
    static let overview = "An interactive shell and script runner for Coveo Push sources."

    /// Each form, and after two spaces what it does (the manual page's SYNOPSIS keeps the forms).
    static let usage = [
        "pshell [options]                         start the shell",
        "pshell [options] SCRIPT [ARGS...]        run a .pshell script (- for standard input)",
        "pshell [options] -f FILE [ARGS...]       the same, as psql -f",
        "pshell [options] -c STATEMENT [ARGS...]  run one statement",
        "pshell help [COMMAND]                    the commands, or one",
        "pshell sandbox [--port N] [--org ID] [--state FILE] [--tls]",
        "pshell kernel install                    the Jupyter kernel",
        "pshell version | pshell man",
    ]

    static let discussion = """
        With no Coveo account configured, pshell runs on a built-in sandbox that emulates the platform.
        Environment: PSHELL_ORG, PSHELL_TOKEN, PSHELL_REGION, PSHELL_ENVIRONMENT, PSHELL_PLATFORM_URL, \
        PSHELL_PUSH_URL, PSHELL_PROFILE, PSHELL_CA_FILE, SSL_CERT_FILE, HTTPS_PROXY, http_proxy, ALL_PROXY, \
        NO_PROXY, NO_COLOR, XDG_CONFIG_HOME, XDG_STATE_HOME, XDG_DATA_HOME.
        Exit status: 0 success, 1 a command failed, 2 not found (404), 3 not authorized (401, 403), 4 throttled \
        past --max-wait, 5 network or TLS, 64 usage, 65 a script that does not parse or fails --check, \
        130 interrupted.
        """

    /// The whole of `--help`.
    static func text(columns: Int) -> String {
        page(
            overview: overview, discussion: discussion, usage: usage,
            arguments: [("SCRIPT [ARGS...]", ProcessOption.positionalHelp)], options: ProcessOption.all,
            columns: columns)
    }

    /// A help page: `pshell --help`'s, or a subcommand's (`pshell sandbox --help`).
    static func page(
        overview: String, discussion: String? = nil, usage: [String], arguments: [(String, String)] = [],
        options: [ProcessOption], columns: Int
    ) -> String {
        var lines = ["OVERVIEW: " + overview, ""]
        if let discussion { lines += discussion.split(separator: "\n").map(String.init) + [""] }
        lines += usage.enumerated().map { ($0.offset == 0 ? "USAGE: " : "       ") + $0.element }
        if !arguments.isEmpty { lines += ["", "ARGUMENTS:"] + arguments.flatMap { row($0.0, $0.1) } }
        lines += ["", "OPTIONS:"] + options.flatMap { row($0.label, $0.help) }
        return lines.map { Renderer.wrap($0, width: columns) }.joined(separator: "\n") + "\n"
    }

    /// `  LABEL   help`, the help in a column of its own; a label too long for it goes on a line of its own.
    private static func row(_ label: String, _ help: String) -> [String] {
        let column = 28
        guard label.count <= column - 4 else { return ["  " + label, String(repeating: " ", count: column) + help] }
        return ["  " + label + String(repeating: " ", count: column - 2 - label.count) + help]
    }
}
