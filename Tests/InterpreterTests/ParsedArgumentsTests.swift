import CoveoAPI
@testable import Interpreter
import Testing

@Suite struct ParsedArgumentsTests {
    let create = CommandCatalog.spec("create")!

    /// Two swapped letters are one slip: `--wiat` is `--wait`.
    @Test func aTranspositionIsOneEdit() {
        #expect(ParsedArguments.editDistance("wiat", "wait") == 1)
        #expect(ParsedArguments.editDistance("kitten", "sitting") == 3)
        #expect(ParsedArguments.suggestion("wiat", ["wait", "title"], prefix: "--") == " (did you mean --wait?)")
    }

    @Test func optionsInEveryForm() throws {
        let args = try ParsedArguments.parse(
            ["docs", "--visibility=shared", "--provider", "a", "--provider", "b", "-o", "json"], spec: create)
        #expect(args.positionals == ["docs"])
        #expect(args.value("visibility") == "SHARED")
        #expect(args.all("provider") == ["a", "b"])
        #expect(args.value("output") == "json")
    }

    @Test(arguments: [
        (["docs", "--visiblity", "SHARED"], "create: unknown option --visiblity (did you mean --visibility?)"),
        (["docs", "--visibility"], "create: --visibility needs a value (PRIVATE|SECURED|SHARED)"),
        (
            ["docs", "--visibility", "PUBLIC"],
            "create: --visibility must be one of PRIVATE, SECURED, SHARED, not 'PUBLIC'"
        ),
        (
            [],
            "create: missing NAME (usage: create NAME [--visibility PRIVATE|SECURED|SHARED] "
                + "[--provider ID]... [--with-provider] [--with-api-key] [--save-to-profile "
                + "FILE] [--from-raw @FILE] [--catalog] [--no-check] [--body JSON|@FILE] "
                + "[--output auto|json|pretty|none] [--quiet] [--dry-run])"
        ),
        (
            ["a", "b"],
            "create: unexpected argument 'b' (usage: create NAME [--visibility PRIVATE|SECURED|SHARED] "
                + "[--provider ID]... [--with-provider] [--with-api-key] [--save-to-profile "
                + "FILE] [--from-raw @FILE] [--catalog] [--no-check] [--body JSON|@FILE] "
                + "[--output auto|json|pretty|none] [--quiet] [--dry-run])"
        ),
        (["a", "--output", "json", "--output", "json"], "create: --output is given twice"),
    ])
    func usageErrorsAreOneLine(words: [String], message: String) {
        #expect(throws: ShellError.usage(message)) { try ParsedArguments.parse(words, spec: create) }
    }

    @Test func doubleDashEndsOptions() throws {
        let args = try ParsedArguments.parse(["--", "--weird-name"], spec: create)
        #expect(args.positionals == ["--weird-name"])
    }

    @Test func positionalsAreReadByTheirDeclaration() throws {
        let identity = CommandCatalog.spec("identity")!
        let args = try ParsedArguments.parse(["Provider", "SET", "sales", "--type", "group"], spec: identity)
        #expect(args[IdentityCommand.provider] == "Provider")
        #expect(args[IdentityCommand.action] == "set")  // a choice comes back spelt as declared
        #expect(args.word(IdentityCommand.name) == "sales")
        let list = try ParsedArguments.parse(["Provider", "list"], spec: identity)
        #expect(list.word(IdentityCommand.name) == nil)
        let set = try ParsedArguments.parse(["name", "a", "b", "c"], spec: CommandCatalog.spec("set")!)
        #expect(set.words(SetCommand.value) == ["a", "b", "c"])
        let region = try ParsedArguments.parse(["EU"], spec: CommandCatalog.spec("region")!)
        #expect(region.choice(RegionCommand.region, as: Region.self) == .eu)
    }

    @Test(arguments: [
        (
            "identity", ["P", "push", "@f.json", "--type", "user"],
            "identity push: --type goes with `identity set`, `identity alias` or `identity delete`"
        ),
        ("identity", ["P", "list", "--yes"], "identity list: --yes goes with `identity remove`"),
        ("identity", ["P", "set", "x", "--older-than", "0"], "identity set: --older-than goes with `identity remove`"),
        ("field", ["delete", "f", "--facet"], "field delete: --facet goes with `field create`"),
        ("field", ["create", "f", "--filter", "x"], "field create: --filter goes with `field list`"),
        ("apikey", ["list", "--source", "s"], "apikey list: --source goes with `apikey create`"),
        ("provider", ["get", "p", "--display-name", "x"], "provider get: --display-name goes with `provider create`"),
    ])
    func anOptionOfAnotherActionIsRefused(command: String, words: [String], message: String) {
        #expect(throws: ShellError.usage(message)) {
            try ParsedArguments.parse(words, spec: CommandCatalog.spec(command)!)
        }
    }

    /// Numbers are parsed once, against the bounds and defaults their options declare: the run and `--check`
    /// refuse the same words, and a command reads a number, never a string to convert.
    @Test func numbersHaveBoundsAndDefaults() throws {
        let list = try #require(CommandCatalog.spec("list"))
        let defaults = try ParsedArguments.parse([], spec: list)
        #expect(defaults.number("page") == 0 && defaults.number("per-page") == 100)
        #expect(try ParsedArguments.parse(["--per-page", "1000"], spec: list).number("per-page") == 1000)
        for (words, message) in [
            (["--per-page", "5000"], "list: --per-page must be from 1 to 1000, not 5000"),
            (["--page", "-1"], "list: --page must be 0 or more, not -1"),
            (["--page", "two"], "list: --page must be a whole number, not 'two'"),
        ] {
            #expect(throws: ShellError.usage(message)) { try ParsedArguments.parse(words, spec: list) }
        }
        let checked = ScriptChecker.check("list --per-page 0\npush x @f.json --batch-size 300\nexit 256")
        #expect(
            checked.map(\.message) == [
                "list: --per-page must be from 1 to 1000, not 0", "push: --batch-size must be from 1 to 256, not 300",
                "exit: STATUS must be from 0 to 255, not 256",
            ])
    }

    /// A time on the command line: ISO 8601, epoch milliseconds, or a time ago counted from the clock's now.
    @Test func timesInThreeForms() throws {
        let now: Int64 = 1_800_000_000_000
        #expect(Moment.milliseconds("90s", now: now) == now - 90_000)
        #expect(Moment.milliseconds("15m", now: now) == now - 900_000)
        #expect(Moment.milliseconds("2h", now: now) == now - 7_200_000)
        #expect(Moment.milliseconds("7d", now: now) == now - 604_800_000)
        #expect(Moment.milliseconds("1700000000000", now: now) == 1_700_000_000_000)
        #expect(Moment.milliseconds("2026-01-02T03:04:05Z", now: now) == 1_767_323_045_000)
        // Never before 1970: further back is no time an item or a log entry has.
        #expect(Moment.milliseconds("36500d", now: now) == 0)
        #expect(Moment.milliseconds("1500-01-01T00:00:00Z", now: now) == nil)
        for word in ["yesterday", "-2h", "h", "99999999999999999999d", "99999999999d", "36501d", ""] {
            #expect(Moment.milliseconds(word, now: now) == nil, "\(word)")
        }
        #expect(
            ScriptChecker.check("logs x --since soon").map(\.message) == [
                "logs: --since soon is not a time: an ISO 8601 date-time, epoch milliseconds, or a time ago "
                    + "(90s, 15m, 2h, 7d)"
            ])
    }
}
