import CoveoAPI

/// Every command pshell knows, with its documentation. `help`, the parser and completion all read this.
package enum CommandCatalog {
    static let visibilities = ["PRIVATE", "SECURED", "SHARED"]
    static let outputOption = CommandSpec.Option(
        "output", short: "o", value: .choice(OutputFormat.allCases.map(\.rawValue)), valueName: "auto|json|pretty",
        help: "how to print the result (default: pretty on a terminal, compact JSON otherwise)")
    static let bodyOption = CommandSpec.Option(
        "body", value: .file, valueName: "JSON|@FILE", help: "extra source-model fields, as JSON or @file.json")

    static let dryRunOption = CommandSpec.Option("dry-run", help: "print the request instead of sending it")
    static let onOff = CommandSpec.Positional("on|off", .choice(["on", "off"]), optional: true)
    /// Commands that call the API take --dry-run.
    static let apiCommands: Set<String> = [
        "create", "get", "list", "update", "delete", "refresh", "push", "remove", "status", "items", "logs", "license", "limits",
        "privileges", "provider", "identity", "permissions", "raw", "field", "apikey",
    ]

    package static let all: [CommandSpec] = base.map { spec in
        guard apiCommands.contains(spec.name) else { return spec }
        var withDryRun = spec
        withDryRun.options.append(dryRunOption)
        return withDryRun
    }

    static let base: [CommandSpec] = [
        // Sources
        CommandSpec(
            name: "create", group: .sources, summary: "Create a Push source",
            positionals: [.init("NAME")],
            options: [
                .init(
                    "visibility", value: .choice(visibilities), valueName: "PRIVATE|SECURED|SHARED",
                    help: "who can see its items (default SECURED: item-level permissions)"),
                .init("provider", value: .text, valueName: "ID", repeatable: true, help: "a security identity provider the source references"),
                .init("with-provider", help: "SECURED: also create its security identity provider and link it (the seed's leading practice)"),
                .init("with-api-key", help: "also create an API key that may push to this source only, as the Administration Console does"),
                .init("save-to-profile", value: .file, valueName: "FILE", help: "with --with-api-key: write the key to this new profile file (0600) instead of the screen"),
                .init("no-check", help: "skip the prerequisite checks (license, limits, privileges)"),
                bodyOption, outputOption,
            ],
            operation: "POST /rest/organizations/{org}/sources",
            example: "create \"Product docs\" --visibility SHARED",
            details: """
                Sends the documented body {"sourceType": "PUSH", "name": NAME, "sourceVisibility": V, "pushEnabled": true}
                (plus --provider ids as securityProviderReferences and any --body fields) and prints the new source id.
                First it checks the seed's prerequisites: the license allows PUSH sources with that visibility and has not
                expired, numberOfSourcesLimit (and for SECURED numberOfSecurityProvidersLimit) is not reached, and the token
                may create sources; the first that fails is named, with how to fix it. --no-check skips the checks.
                The full model is kept in $last ($last.id, $last.owner, ...). A source's name cannot change later.
                """),
        CommandSpec(
            name: "get", group: .sources, summary: "Show a source's model",
            positionals: [.init("SOURCE", .sourceID)], options: [outputOption],
            operation: "GET /rest/organizations/{org}/sources/{sourceId}",
            example: "get $last.id", details: "SOURCE is a source id, or the exact name of a source."),
        CommandSpec(
            name: "list", group: .sources, summary: "List the organization's sources, one page at a time",
            positionals: [],
            options: [
                .init("filter", value: .text, valueName: "TEXT", help: "only sources whose name or id contains TEXT (2 characters or more)"),
                .init("page", value: .number, valueName: "N", help: "the page to show, from 0 (default 0)"),
                .init("per-page", value: .number, valueName: "N", help: "sources per page, 1 to 1000 (default 100)"),
                outputOption,
            ],
            operation: "GET /rest/organizations/{org}/sources/pages",
            example: "list --filter docs --per-page 10",
            details: "On a terminal: a table of id, name, visibility, status and documents. Piped: the page as JSON."),
        CommandSpec(
            name: "update", group: .sources, summary: "Change a source (read, change, write back the full model)",
            positionals: [.init("SOURCE", .sourceID)],
            options: [
                .init("visibility", value: .choice(visibilities), valueName: "PRIVATE|SECURED|SHARED", help: "the new visibility"),
                .init(
                    "provider", value: .text, valueName: "ID", repeatable: true,
                    help: "replace securityProviderReferences with these provider ids"),
                .init("body", value: .file, valueName: "JSON|@FILE", help: "fields to set, as JSON or @file.json"),
                outputOption,
            ],
            operation: "GET then PUT /rest/organizations/{org}/sources/{sourceId}",
            example: "update $id --visibility SHARED",
            details: """
                Reads the source, applies the changes and PUTs the whole model back, so every field pshell does not
                know about is preserved. A change of name is refused: a source's name cannot change once created.
                """),
        CommandSpec(
            name: "delete", group: .sources, summary: "Delete a source and its items",
            positionals: [.init("SOURCE", .sourceID)],
            options: [.init("yes", short: "y", help: "do not ask for confirmation")],
            operation: "DELETE /rest/organizations/{org}/sources/{sourceId}",
            example: "delete $id --yes", details: "Asks to confirm at the prompt; scripts never ask."),
        CommandSpec(
            name: "refresh", group: .sources, summary: "Forget the cached source names and ids used by Tab, and fetch them again",
            positionals: [], options: [], operation: "GET /rest/organizations/{org}/sources/pages", example: "refresh"),
        CommandSpec(
            name: "permissions", group: .sources, summary: "Show or set a PRIVATE or SHARED source's source-level permissions",
            positionals: [.init("SOURCE", .sourceID)],
            options: [
                .init("allow", value: .text, valueName: "IDENTITY", repeatable: true, help: "an allowed identity: NAME[:user|group|virtual-group[:PROVIDER]]"),
                .init("deny", value: .text, valueName: "IDENTITY", repeatable: true, help: "a denied identity, written as for --allow"),
                .init("anyone", help: "anonymous users may see the items"),
                .init("clear", help: "remove every source-level permission"),
                outputOption,
            ],
            operation: "GET then PUT /rest/organizations/{org}/sources/{sourceId}/raw",
            example: "permissions $id --allow alice@example.com --allow sales:group",
            details: """
                Writes configuration.sourceSecurityOption Specified and configuration.permissions in the raw configuration,
                then reads them back. The provider defaults to the Email Security Provider. A SECURED source is refused:
                its permissions live on its items.
                """),
        CommandSpec(
            name: "raw", group: .sources, summary: "Show a source's raw JSON configuration, or replace it",
            positionals: [.init("SOURCE", .sourceID)],
            options: [.init("put", value: .file, valueName: "@FILE", help: "replace the raw configuration with this file's"), outputOption],
            operation: "GET|PUT /rest/organizations/{org}/sources/{sourceId}/raw",
            example: "raw $id --output json", details: "Save it with --output json, edit, then `raw ID --put @file.json`."),
        CommandSpec(
            name: "provider", group: .sources, summary: "Security identity providers: create, get, list, delete",
            positionals: [.init("ACTION", .choice(["create", "get", "list", "delete"])), .init("ID", .providerID, optional: true)],
            options: [
                .init("source", value: .sourceID, valueName: "SOURCE", help: "with create: the source it serves (and which then references it)"),
                .init("display-name", value: .text, valueName: "TEXT", help: "with create: the name the console shows"),
                .init("yes", short: "y", help: "with delete: do not ask for confirmation"),
                outputOption,
            ],
            operation: "POST|GET|DELETE /rest/organizations/{org}/securityproviders[/{id}]",
            example: "provider create MyPushSourceProvider --source $id",
            details: """
                `provider create` sends the documented body: an EXPANDED provider, nodeRequired false, referenced by the
                source, cascading to the Email Security Provider; then the source's securityProviderReferences includes it.
                A provider a source still references cannot be deleted.
                """),
        CommandSpec(
            name: "field", group: .sources, summary: "Index fields: list, create, delete (metadata without a field is not searchable)",
            positionals: [.init("ACTION", .choice(["list", "create", "delete"])), .init("NAME", optional: true, variadic: true)],
            options: [
                .init("filter", value: .text, valueName: "TEXT", help: "with list: only fields whose name contains TEXT"),
                .init("type", value: .choice(Shell.fieldTypes), valueName: "STRING|LONG|LONG_64|DOUBLE|DATE", help: "with create: the field's type (default STRING)"),
                .init("facet", help: "with create: values can be facets (Group By)"),
                .init("multi-value", help: "with create: several values separated by ';' (a multi-value facet)"),
                .init("sort", help: "with create: results can be sorted on it"),
                .init("description", value: .text, valueName: "TEXT", help: "with create: what the field holds"),
                .init("yes", short: "y", help: "with delete: do not ask for confirmation"),
                outputOption,
            ],
            operation: "GET /rest/organizations/{org}/sources/page/fields, POST .../sources/fields/batch/create, DELETE .../sources/fields/batch/delete",
            example: "field create category --facet",
            details: """
                An item's metadata is searchable only through a field of the same name (lower-case). `push` creates the
                fields its items need, typed from their values as Coveo's push clients do (--no-create-fields skips it);
                `field create` makes one by hand, with the options a facet or a sort needs. Standard fields cannot be deleted.
                """),
        CommandSpec(
            name: "apikey", group: .organization, summary: "API keys: create one that may push to one source, list, disable, delete",
            positionals: [.init("ACTION", .choice(["create", "list", "disable", "delete"])), .init("ID", optional: true)],
            options: [
                .init("source", value: .sourceID, valueName: "SOURCE", help: "with create: the Push source the key may push to"),
                .init("name", value: .text, valueName: "TEXT", help: "with create: the key's display name"),
                .init("save-to-profile", value: .file, valueName: "FILE", help: "with create: write the key to this new profile file (0600) instead of the screen"),
                .init("yes", short: "y", help: "with delete: do not ask for confirmation"),
                outputOption,
            ],
            operation: "POST|GET /rest/organizations/{org}/apikeys, PUT .../apikeys/{id}/disable, DELETE .../apikeys/{id}",
            example: "apikey create --source $id --name \"Product docs pusher\"",
            details: """
                The Administration Console creates a Push source "and an API key with appropriate privileges": `apikey create
                --source` makes that key (Sources - Edit and View on that source, Organization - View), which may push to
                that source and nothing else. Its value is printed once and kept out of $last, traces and recordings.
                """),
        // Content
        CommandSpec(
            name: "push", group: .content, summary: "Add or update one item, or many from @FILE or @DIR (accepted is not indexed: see --wait)",
            positionals: [.init("SOURCE", .sourceID), .init("DOCUMENT_ID|@FILE|@DIR")],
            options: [
                .init("title", value: .text, valueName: "TEXT", help: "the item's title"),
                .init("data", value: .text, valueName: "TEXT", help: "the item's searchable text"),
                .init("file", value: .file, valueName: "PATH", help: "a UTF-8 text file to send as the item's data"),
                .init("meta", value: .text, valueName: "KEY=VALUE", repeatable: true, help: "a metadata value (a key given twice makes a list)"),
                .init("allow", value: .text, valueName: "IDENTITY", repeatable: true, help: "an allowed identity: NAME[:user|group|virtual-group[:PROVIDER]]"),
                .init("deny", value: .text, valueName: "IDENTITY", repeatable: true, help: "a denied identity, written as for --allow"),
                .init("anyone", help: "anonymous users may see the item"),
                .init("parent", value: .text, valueName: "ID", help: "the item this one is attached to"),
                .init("ordering-id", value: .number, valueName: "N", help: "the operation's orderingId (default: now, in epoch ms)"),
                .init("no-create-fields", help: "do not create the fields the items' metadata needs (metadata without a field is not searchable)"),
                .init("wait", help: "wait until the item is indexed or rejected, and say which"),
                .init("wait-timeout", value: .number, valueName: "SECONDS", help: "how long --wait waits (default 60, 300 for files)"),
                .init("batch-size", value: .number, valueName: "MB", help: "with @FILE: file containers of at most this size, 1 to 256 (default 32)"),
                .init("status", value: .choice(["REBUILD", "REFRESH"]), valueName: "REBUILD|REFRESH", help: "with @FILE: set this status first and IDLE at the end"),
            ],
            operation: "PUT /push/v1/organizations/{org}/sources/{sourceId}/documents?documentId=",
            example: "push $id https://example.com/a --title \"A\" --data \"searchable text\" --anyone --wait",
            details: """
                The Push API answers 202 Accepted: the item is queued, not indexed, and may still be rejected
                (an orderingId older than the item's, attachments nested twice, bad permissions). --wait follows
                the Source Logs until the platform says what became of it.
                With @FILE or @DIR, items come from JSON (an object or an array) or NDJSON (.ndjson, .jsonl) files in the
                Coveo CLI's format (documentId or uri, title, known keys, the rest metadata), streamed into file
                containers; bad items are reported with their file and line or index, and the rest still go.
                """),
        CommandSpec(
            name: "remove", group: .content, summary: "Delete an item (and its children), or every item older than a time",
            positionals: [.init("SOURCE", .sourceID), .init("DOCUMENT_ID", optional: true)],
            options: [
                .init("children", help: "also delete the items whose id starts with DOCUMENT_ID/"),
                .init("ordering-id", value: .number, valueName: "N", help: "the operation's orderingId"),
                .init("older-than", value: .text, valueName: "ISO8601|EPOCH_MS", help: "delete every item last pushed before this time"),
                .init("queue-delay", value: .number, valueName: "MINUTES", help: "with --older-than: grace period (default 15)"),
                .init("force", help: "allow an --older-than in the future (it blocks the source until then)"),
                .init("yes", short: "y", help: "do not ask for confirmation"),
            ],
            operation: "DELETE /push/v1/organizations/{org}/sources/{sourceId}/documents[/olderthan]",
            example: "remove $id https://example.com/folder --children",
            details: "An --older-than in the future is refused: the documentation warns it blocks the source until that time."),
        CommandSpec(
            name: "status", group: .content, summary: "Set a Push source's status (REBUILD/REFRESH/INCREMENTAL before a push, IDLE after)",
            positionals: [.init("SOURCE", .sourceID), .init("STATUS", .choice(["REBUILD", "REFRESH", "INCREMENTAL", "IDLE"]))],
            options: [], operation: "POST /push/v1/organizations/{org}/sources/{sourceId}/status?statusType=",
            example: "status $id REBUILD"),
        CommandSpec(
            name: "items", group: .content, summary: "List the items the sandbox holds for a source (sandbox only)",
            positionals: [.init("SOURCE", .sourceID)], options: [outputOption],
            operation: "GET /sandbox/v1/organizations/{org}/sources/{sourceId}/items (pshell's sandbox)",
            example: "items $id"),
        CommandSpec(
            name: "logs", group: .content, summary: "What the indexing pipeline did with each item, and why",
            positionals: [.init("SOURCE", .sourceID)],
            options: [
                .init("document", value: .text, valueName: "ID", help: "only this item's entries"),
                .init("since", value: .text, valueName: "ISO8601|EPOCH_MS", help: "from this time (default: one day ago)"),
                outputOption,
            ],
            operation: "POST /logs/v1/organizations/{org}?from=&to= (Source Logs API)",
            example: "logs $id --document https://example.com/a"),
        CommandSpec(
            name: "identity", group: .content, summary: "Security identities of a provider: set, alias, delete, push @FILE, remove, list",
            positionals: [
                .init("PROVIDER", .providerID), .init("ACTION", .choice(["set", "alias", "delete", "push", "remove", "list"])),
                .init("NAME|@FILE", optional: true),
            ],
            options: [
                .init("type", value: .choice(["user", "group", "virtual-group", "unknown"]), valueName: "user|group|virtual-group", help: "the identity's type"),
                .init("member", value: .text, valueName: "NAME:TYPE", repeatable: true, help: "with set: a member of the group"),
                .init("granted", value: .text, valueName: "NAME:TYPE", repeatable: true, help: "an identity it is granted (wellKnowns)"),
                .init("to", value: .text, valueName: "NAME:TYPE[:PROVIDER]", repeatable: true, help: "with alias: the identity it stands for"),
                .init("ordering-id", value: .number, valueName: "N", help: "the operation's orderingId"),
                .init("older-than", value: .text, valueName: "ISO8601|EPOCH_MS", help: "with remove: delete the identities pushed before"),
                .init("queue-delay", value: .number, valueName: "MINUTES", help: "with remove: grace period"),
                .init("force", help: "with remove: allow a time in the future"),
                .init("yes", short: "y", help: "do not ask for confirmation"),
                outputOption,
            ],
            operation: "PUT|DELETE /push/v1/organizations/{org}/providers/{providerId}/permissions[/batch|/olderthan], /mappings",
            example: "identity MyPushSourceProvider set sales --type group --member alice@example.com:user",
            details: """
                Items of a SECURED source name identities in their permissions; the provider must know them, or the items
                are rejected at indexing. `identity PROVIDER list` shows what the sandbox holds (sandbox only).
                `push @FILE` sends {"members": [...], "mappings": [...], "deleted": [...]} through a file container.
                """),
        // Organization
        CommandSpec(
            name: "license", group: .organization, summary: "Show the organization's license",
            positionals: [], options: [outputOption], operation: "GET /rest/organizations/{org}/license", example: "license"),
        CommandSpec(
            name: "limits", group: .organization, summary: "Show the organization's limits and counts",
            positionals: [], options: [outputOption], operation: "GET /rest/organizations/{org}/limits", example: "limits"),
        CommandSpec(
            name: "privileges", group: .organization, summary: "Show what the current token may do",
            positionals: [], options: [outputOption], operation: "POST /rest/organizations/{org}/privileges/token",
            example: "privileges"),
        // Session
        CommandSpec(
            name: "org", group: .connection, summary: "Set the organization", positionals: [.init("ID")], options: [],
            example: "org mycoveoorganizationg8tp8wu3"),
        CommandSpec(
            name: "token", group: .connection, summary: "Set the access token (prompts with echo off)",
            positionals: [],
            options: [
                .init("env", value: .text, valueName: "NAME", help: "read the token from an environment variable"),
                .init("clear", help: "forget the token"),
            ],
            example: "token --env COVEO_API_KEY",
            details: "A token is never taken as an argument: it would end up in history and in `ps`."),
        CommandSpec(
            name: "region", group: .connection, summary: "Use Coveo's hosts in a region",
            positionals: [.init("REGION", .choice(Region.allCases.map(\.rawValue)))], options: [], example: "region eu"),
        CommandSpec(
            name: "environment", group: .connection, summary: "Use a Coveo environment",
            positionals: [.init("ENVIRONMENT", .choice(PlatformEnvironment.allCases.map(\.rawValue)))], options: [],
            example: "environment hipaa"),
        CommandSpec(
            name: "endpoint", group: .connection, summary: "Use custom platform and Push hosts",
            positionals: [],
            options: [
                .init("platform", value: .text, valueName: "URL", help: "the platform base URL (Source API)"),
                .init("push", value: .text, valueName: "URL", help: "the Push API base URL (default: the region's)"),
            ],
            example: "endpoint --platform https://myorg.admin.org.coveo.com",
            details: "Plain http is refused except to this machine (127.0.0.1, localhost)."),
        CommandSpec(
            name: "sandbox", group: .connection, summary: "Switch to the built-in sandbox",
            positionals: [],
            options: [
                .init("viewer", help: "use the sandbox's view-only key (to see a 403)"),
                .init("sources-limit", value: .number, valueName: "N", help: "the emulated numberOfSourcesLimit"),
                .init("providers-limit", value: .number, valueName: "N", help: "the emulated numberOfSecurityProvidersLimit"),
                .init("push-visibilities", value: .text, valueName: "LIST|none", help: "the visibilities the license allows PUSH sources, e.g. PRIVATE,SHARED"),
                .init("license-expired", value: .choice(["yes", "no"]), valueName: "yes|no", help: "whether the emulated license has expired"),
            ],
            example: "sandbox --sources-limit 1",
            details: "The settings change the emulated license and limits, so each prerequisite of `create` can be seen failing."),
        CommandSpec(
            name: "session", group: .connection, summary: "Show the session: target, hosts, organization, token (masked)",
            positionals: [], options: [], example: "session"),
        // Scripting
        CommandSpec(
            name: "trace", group: .teaching, summary: "Print every request and response, as the documentation shows them",
            positionals: [onOff], options: [], example: "trace on",
            details: "Method, URL, headers (the token masked), pretty JSON body; status line, request id and body of the answer; time. On standard error."),
        CommandSpec(
            name: "dry-run", group: .teaching, summary: "Print requests instead of sending them (writes; reads too for read-only commands)",
            positionals: [onOff], options: [], example: "dry-run on",
            details: "`--dry-run` does the same for one command. A write command still sends the reads it is built from (update reads the source)."),
        CommandSpec(
            name: "curl", group: .teaching, summary: "The last request as a curl command (the token as \"$PSHELL_TOKEN\")",
            positionals: [], options: [], example: "curl"),
        CommandSpec(
            name: "explain", group: .teaching, summary: "The API operations behind a command, their privileges, fields and sources",
            positionals: [.init("COMMAND", .command)], options: [], example: "explain create"),
        CommandSpec(
            name: "timing", group: .teaching, summary: "Print the time each command takes (and its requests)",
            positionals: [onOff], options: [], example: "timing on"),
        CommandSpec(
            name: "record", group: .teaching, summary: "Write this session's successful commands as a script; `record stop` ends",
            positionals: [.init("FILE|stop", .file, optional: true)], options: [], example: "record demo.pshell",
            details: "Tokens are never written; an id created during the session becomes a variable ($source1), so the script replays."),
        CommandSpec(
            name: "set", group: .scripting, summary: "Set a variable, or a setting (on-error, output, max-wait, timeout)",
            positionals: [.init("NAME", optional: true), .init("VALUE", optional: true, variadic: true)], options: [],
            example: "set id $last.id",
            details: """
                `set` alone lists variables. Settings: `set on-error continue|stop`, `set output auto|json|pretty`,
                `set max-wait SECONDS` (how long one call may wait to retry 429, 5xx and dropped connections; default 120).
                `set timeout SECONDS` (the most one request may take, its whole answer included; default 60, or --timeout).
                """),
        CommandSpec(
            name: "unset", group: .scripting, summary: "Remove a variable", positionals: [.init("NAME")], options: [],
            example: "unset id"),
        CommandSpec(
            name: "echo", group: .scripting, summary: "Print words", positionals: [.init("WORDS", optional: true, variadic: true)],
            options: [], example: "echo created $last.id"),
        CommandSpec(
            name: "assert", group: .scripting, summary: "Fail unless A == B (or A != B)",
            positionals: [.init("A"), .init("==|!="), .init("B")], options: [],
            example: "assert $last.sourceVisibility == SHARED"),
        CommandSpec(
            name: "fails", group: .scripting, summary: "Run a command that should fail: its error is shown and the script goes on",
            positionals: [.init("COMMAND", .command), .init("ARGS", optional: true, variadic: true)], options: [],
            example: "fails update $id --body '{\"name\": \"Renamed\"}'",
            details: "If the command succeeds, `fails` fails. For lessons and tests that show an error on purpose."),
        CommandSpec(
            name: "source", group: .scripting, summary: "Run a script file (relative to the including script)",
            positionals: [.init("FILE", .file), .init("ARGS", optional: true, variadic: true)], options: [],
            example: "source setup.pshell"),
        CommandSpec(
            name: "exit", group: .scripting, summary: "Leave pshell or stop the script", positionals: [.init("N", .number, optional: true)],
            options: [], example: "exit 0"),
        CommandSpec(
            name: "help", group: .scripting, summary: "List commands, or show one command's usage and operation",
            positionals: [.init("COMMAND", .command, optional: true)], options: [], example: "help create"),
    ]

    package static func spec(_ name: String) -> CommandSpec? { all.first { $0.name == name } }

    /// Alternative spellings people reach for.
    static let aliases = ["quit": "exit", "ls": "list", "show": "get", "rm": "delete", "?": "help", "env": "environment"]

    package static func resolve(_ word: String) -> CommandSpec? {
        spec(word) ?? aliases[word].flatMap(spec)
    }
}
