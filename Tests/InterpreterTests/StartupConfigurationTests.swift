import CoveoAPI
import Foundation
import Interpreter
import Testing

@Suite struct StartupConfigurationTests {
    let home = ["HOME": "/home/u"]

    func files(_ files: [String: (String, Int)]) -> (String) -> (data: Data, mode: Int)? {
        { path in files[path].map { (Data($0.0.utf8), $0.1) } }
    }

    @Test func nothingConfiguredMeansTheSandbox() throws {
        let startup = try StartupConfiguration.resolve(.init(), environment: home, readFile: files([:]))
        #expect(startup.session.target == .sandbox)
        #expect(startup.origin.contains("sandbox"))
    }

    @Test func coveoCLILoginIsUsedWhenThereIsNoProfile() throws {
        let cli = #"{"organization":"myorg","region":"eu","environment":"prod","accessToken":"xx-cli-token-9876"}"#
        let startup = try StartupConfiguration.resolve(
            .init(), environment: home, readFile: files(["/home/u/.config/@coveo/cli/config.json": (cli, 0o600)]))
        #expect(startup.session.target == .coveo(.eu, .prod))
        #expect(startup.session.organization == "myorg")
        #expect(startup.session.token == Secret("xx-cli-token-9876"))
        #expect(startup.origin.contains("Coveo CLI"))
    }

    /// A profile `apikey create --save-to-profile` wrote after `endpoint --cacert`: its hosts and the CA they need.
    @Test func aProfileCarriesTheCAItsHostsNeed() throws {
        let profile =
            #"{"organization":"tlsorg","platformUrl":"https://127.0.0.1:8443","pushUrl":"https://127.0.0.1:8443","#
            + #""cacert":"/home/u/ca.pem","token":"xx-key"}"#
        var flags = StartupConfiguration.Flags()
        flags.profile = "/home/u/key.json"
        let startup = try StartupConfiguration.resolve(
            flags, environment: home, readFile: files(["/home/u/key.json": (profile, 0o600)]))
        #expect(startup.profileCAFile == "/home/u/ca.pem")
        #expect(startup.session.organization == "tlsorg" && startup.session.token == Secret("xx-key"))
    }

    /// The config file's keys are `set`'s settings; a bad key or value is a line and the rest apply.
    @Test func theConfigFileSetsWhatSetSets() {
        var session = Session(target: .sandbox)
        let file = #"{"output": "json", "pager": false, "on-error": "continue", "max-wait": 5, "timeout": 90, "x": 1}"#
        let warnings = ConfigFile.apply(to: &session, environment: home) { path in
            path == "/home/u/.config/pshell/config.json" ? Data(file.utf8) : nil
        }
        #expect(session.output == .json && !session.pager && session.continueOnError)
        #expect(session.maximumRetryWait == 5 && session.network.timeout == .seconds(90))
        #expect(
            warnings == [
                "/home/u/.config/pshell/config.json: 'x' is not a setting (output, pager, on-error, "
                    + "max-wait, timeout); it is ignored"
            ])
        var other = Session(target: .sandbox)
        let refused = ConfigFile.apply(to: &other, environment: home) { _ in Data(#"{"output": "yaml"}"#.utf8) }
        #expect(refused.count == 1 && refused[0].contains("set output: expected one of") && other.output == .auto)
        #expect(ConfigFile.apply(to: &other, environment: home) { _ in Data("[1]".utf8) }.count == 1)
        // A key twice, or a file that is not JSON: one line that says where, and nothing of it applies.
        let twice = ConfigFile.apply(to: &other, environment: home) { _ in
            Data("{\"output\": \"json\",\n \"output\": \"pretty\"}".utf8)
        }
        #expect(twice.count == 1 && twice[0].hasPrefix("/home/u/.config/pshell/config.json:2:"), "\(twice)")
        #expect(twice[0].contains("duplicate key \"output\"") && other.output == .auto, "\(twice)")
        let broken = ConfigFile.apply(to: &other, environment: home) { _ in Data("{\"pager\": off}".utf8) }
        #expect(broken.count == 1 && broken[0].hasPrefix("/home/u/.config/pshell/config.json:1:11: "), "\(broken)")
    }

    @Test func environmentBeatsProfileAndUnsafeProfileTokenIsIgnored() throws {
        let profile = #"{"organization":"fromfile","token":"xx-file-token"}"#
        var environment = home
        environment["PSHELL_ORG"] = "fromenv"
        let startup = try StartupConfiguration.resolve(
            .init(), environment: environment,
            readFile: files(["/home/u/.config/pshell/profile.json": (profile, 0o644)]))
        #expect(startup.session.organization == "fromenv")
        #expect(startup.session.token == nil)
        #expect(startup.warnings.first?.contains("chmod 600") == true)
    }

    @Test func customEndpointsAndBadValues() throws {
        var flags = StartupConfiguration.Flags()
        flags.platformURL = "https://myorg.admin.org.coveo.com"
        flags.organization = "myorg"
        let startup = try StartupConfiguration.resolve(flags, environment: home, readFile: files([:]))
        guard case .custom(let endpoints) = startup.session.target else {
            Issue.record("expected custom endpoints")
            return
        }
        #expect(endpoints.platform.absoluteString == "https://myorg.admin.org.coveo.com")
        #expect(endpoints.push.absoluteString == "https://api.cloud.coveo.com")
        // A platform URL alone names its Push host: Coveo's own for Coveo's platform hosts, itself for any other
        // (a sandbox, a gateway): the token never goes to a Coveo host the user did not name.
        for (platform, push) in [
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
            ("https://gateway.example.com", "https://gateway.example.com"),
            ("https://platform-eu.cloud.coveo.com", "https://api-eu.cloud.coveo.com"),
        ] {
            var alone = StartupConfiguration.Flags()
            alone.platformURL = platform
            alone.organization = "myorg"
            let resolved = try StartupConfiguration.resolve(alone, environment: home, readFile: files([:]))
            guard case .custom(let given) = resolved.session.target else {
                Issue.record("expected custom endpoints for \(platform)")
                continue
            }
            #expect(given.push.absoluteString == push, "\(platform)")
        }
        flags.platformURL = "http://coveo.example.com"
        #expect(throws: ShellError.self) {
            try StartupConfiguration.resolve(flags, environment: home, readFile: files([:]))
        }
        var bad = StartupConfiguration.Flags()
        bad.region = "mars"
        #expect(throws: ShellError.usage("region 'mars' is not one of us, eu, au, ca")) {
            try StartupConfiguration.resolve(bad, environment: home, readFile: files([:]))
        }
    }

    @Test func namedProfilesWithTokenReferences() throws {
        let staging =
            #"{"organization":"stagingorg","environment":"stg","tokenEnv":"STAGING_TOKEN","production":false}"#
        let production = #"{"organization":"prodorg","region":"eu","tokenFrom":"coveo-cli","production":true}"#
        let cli = #"{"organization":"other","accessToken":"xx-cli-login-token"}"#
        let read = files([
            "/home/u/.config/pshell/profiles/staging.json": (staging, 0o644),
            "/home/u/.config/pshell/profiles/production.json": (production, 0o644),
            "/home/u/.config/@coveo/cli/config.json": (cli, 0o600),
        ])
        var environment = home
        environment["STAGING_TOKEN"] = "xx-staging-token"
        var flags = StartupConfiguration.Flags()
        flags.profile = "staging"
        let first = try StartupConfiguration.resolve(flags, environment: environment, readFile: read)
        #expect(first.session.target == .coveo(.us, .stg) && first.session.organization == "stagingorg")
        // The token is referenced, so a profile readable by others is fine: it holds no secret.
        #expect(first.session.token == Secret("xx-staging-token") && first.warnings.isEmpty)
        #expect(first.session.profile == "staging" && !first.session.production)
        #expect(first.origin == "the profile 'staging' (/home/u/.config/pshell/profiles/staging.json)")
        environment["PSHELL_PROFILE"] = "production"
        let second = try StartupConfiguration.resolve(.init(), environment: environment, readFile: read)
        #expect(second.session.target == .coveo(.eu, .prod) && second.session.organization == "prodorg")
        #expect(second.session.token == Secret("xx-cli-login-token") && second.session.production)
        flags.profile = "nosuch"
        #expect(throws: ShellError.self) { try StartupConfiguration.resolve(flags, environment: home, readFile: read) }
        environment["STAGING_TOKEN"] = nil
        flags.profile = "staging"
        do {
            _ = try StartupConfiguration.resolve(flags, environment: environment, readFile: read)
            Issue.record("a missing tokenEnv variable was accepted")
        } catch {
            #expect(error.message.contains("its token is $STAGING_TOKEN (tokenEnv), which is not set"))
        }
    }
}
