import Foundation
import Interpreter

/// `pshell man`: the manual page pshell(1) in roff, written from what `--help` and `help` read (the process's
/// flags, every command's spec), so it never disagrees with them. `scripts/install` and `scripts/package` put it
/// where `man pshell` finds it.
enum ManualPage {
    /// On a terminal, the page as `man` shows it (roff is for man, not for people); otherwise the roff, for a file.
    static func show() async {
        let page = render()
        // Through the shell as `STATEMENT | COMMAND` runs one: man reads the page on its standard input, on a
        // thread of its own, and its pager has the terminal. 127: no man here, and the roff is better than nothing.
        if isatty(STDOUT_FILENO) == 1,
            await SystemPrograms().run("exec man -l -", input: Array(page.utf8), capturing: false).status != 127
        {
            return
        }
        guard StandardConsole.write(page, to: STDOUT_FILENO) else {
            let reason = String(cString: strerror(errno))
            StandardConsole.write("pshell: error: man: cannot write the page: \(reason)\n", to: STDERR_FILENO)
            exit(1)
        }
    }

    static func render() -> String {
        var page = [
            #".TH PSHELL 1 "" "pshell \#(PShell.version)" "User Commands""#,
            // Left-aligned, no hyphenation: a command's usage is long words (--older-than) that justification
            // stretched and troff warned it could not adjust.
            ".ad l", ".nh",
            ".SH NAME", #"pshell \- an interactive shell and script runner for Coveo Push sources"#,
            ".SH SYNOPSIS",
        ]
        for form in ProcessHelp.usage {
            // `pshell FORM  what it does`: the form only, `pshell` in bold.
            let words = form.dropFirst("pshell ".count).components(separatedBy: "  ").first ?? ""
            page += [".B pshell", escape(words), ".br"]
        }
        page += [
            ".SH DESCRIPTION",
            escape(
                "pshell maps each command onto one documented operation of Coveo's Source, Push, Stream and Search "
                    + "APIs. The same commands run at the prompt (libedit: history, Tab completion), from scripts, "
                    + "from -c and from standard input. With no Coveo account configured it runs against a built-in "
                    + "sandbox, a local emulator of the platform, so everything can be learnt and tested offline."),
            ".SH OPTIONS",
        ]
        // One paragraph each, which man fills to the reader's width.
        for option in ProcessOption.all { page += [".TP", ".B " + escape(option.label), escape(option.help)] }
        page += [".SH COMMANDS", escape("At the prompt, in scripts and with -c. `help COMMAND` says more.")]
        for group in CommandSpec.Group.allCases {
            let specs = CommandCatalog.all.filter { $0.group == group }
            guard !specs.isEmpty else { continue }
            page += [".SS " + escape(group.rawValue)]
            for spec in specs { page += command(spec) }
        }
        page += [
            ".SH EXIT STATUS",
            escape(
                "0 success, 1 a command failed, 2 not found (404), 3 not authorized (401, 403), 4 throttled past "
                    + "--max-wait, 5 network or TLS, 64 usage, 65 a script that does not parse or fails --check, "
                    + "130 interrupted."),
            ".SH ENVIRONMENT", ".TP", ".B PSHELL_ORG, PSHELL_TOKEN, PSHELL_REGION, PSHELL_ENVIRONMENT",
            escape("The organization, the access token, the region and the environment, as the flags set them."),
            ".TP", ".B PSHELL_PLATFORM_URL, PSHELL_PUSH_URL, PSHELL_PROFILE", escape("Custom hosts; the profile."),
            ".TP", ".B PSHELL_CA_FILE, SSL_CERT_FILE, HTTPS_PROXY, http_proxy, ALL_PROXY, NO_PROXY",
            escape("TLS trust and proxies, as curl reads them."),
            ".TP", ".B NO_COLOR, PAGER, VISUAL, EDITOR, XDG_CONFIG_HOME, XDG_STATE_HOME, XDG_DATA_HOME",
            escape("No colour; the pager and the editor; where files live."),
            ".SH FILES", ".TP", ".I $XDG_CONFIG_HOME/pshell/pshellrc",
            escape("Statements run before the first prompt (aliases, settings); --no-rc skips it."),
            ".TP", ".I $XDG_CONFIG_HOME/pshell/profile.json, $XDG_CONFIG_HOME/pshell/profiles/NAME.json",
            escape("Organization, hosts, CA and token (read only if mode 0600)."),
            ".TP", ".I $XDG_CONFIG_HOME/pshell/config.json",
            escape("Settings repeated at every start: output, pager, on-error, max-wait, timeout."),
            ".TP", ".I $XDG_STATE_HOME/pshell/history", escape("The prompt's history."),
            ".TP", ".I $XDG_DATA_HOME/pshell/sandbox.db",
            escape("The prompt's built-in sandbox, kept between sessions; sandbox reset empties it."),
            ".SH SEE ALSO", escape("curl(1), psql(1); Coveo's Push API documentation (docs.coveo.com/en/68)."),
        ]
        return page.joined(separator: "\n") + "\n"
    }

    private static func command(_ spec: CommandSpec) -> [String] {
        var lines = [".TP", ".B " + escape(spec.usage), escape(spec.summary + ".")]
        // `\:` after each `/`: a place troff may break a path longer than the line, which it cannot break else.
        if let operation = spec.operation {
            lines += [".br", escape("API: " + operation).replacingOccurrences(of: "/", with: "/\\:")]
        }
        for option in spec.options where !option.help.isEmpty {
            let value = option.value == nil ? "" : " " + option.valueName
            lines += [".br", escape("  --\(option.name)\(value): \(option.help)")]
        }
        lines += [".br", escape("Example: " + spec.example)]
        return lines
    }

    /// Text as roff reads it: backslashes doubled, a line's leading dot or quote guarded.
    static func escape(_ text: String) -> String {
        var result = text.replacingOccurrences(of: "\\", with: "\\e").replacingOccurrences(of: "-", with: "\\-")
        if result.hasPrefix(".") || result.hasPrefix("'") { result = "\\&" + result }
        return result
    }
}
