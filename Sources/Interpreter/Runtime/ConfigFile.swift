import CoveoAPI
package import Foundation

/// The settings a user repeats, kept: `$XDG_CONFIG_HOME/pshell/config.json` (else `~/.config/pshell/config.json`),
/// a JSON object whose keys are `set`'s settings, each with the value `set` takes (`{"output": "json", "pager":
/// "off", "on-error": "continue", "max-wait": 30, "timeout": 120}`). Read at start, before the flags, which win.
package enum ConfigFile {
    /// The keys, as `set` names them.
    package static let keys = ["output", "pager", "on-error", "max-wait", "timeout"]

    /// Applies the file's settings to `session`; a line per key that is not one, or a value `set` refuses (the
    /// rest still apply), or a file that is no JSON object.
    package static func apply(
        to session: inout Session, environment: [String: String],
        readFile: (String) -> Data? = { FileManager.default.contents(atPath: $0) }
    ) -> [String] {
        guard let path = StartupConfiguration.configPath(environment, "pshell/config.json"), let data = readFile(path)
        else { return [] }
        // A key given twice is refused, not the last one silently kept: which one the user meant is not known.
        var parser = JSONParser(allowsDuplicateKeys: false)
        let parsed: JSON
        do {
            parsed = try parser.parse(Array(data))
        } catch {
            return ["\(path):\(error.line):\(error.column): \(error.reason); the file is ignored"]
        }
        guard let object = parsed.objectValue else {
            return ["\(path) is not a JSON object of settings (\(keys.joined(separator: ", "))); it is ignored"]
        }
        var warnings: [String] = []
        for member in object.members {
            guard keys.contains(member.key) else {
                warnings.append(
                    "\(path): '\(member.key)' is not a setting (\(keys.joined(separator: ", "))); it is ignored")
                continue
            }
            let text: String
            switch member.value {
            case .string(let value), .number(let value): text = value
            case .bool(let flag): text = member.key == "on-error" ? (flag ? "continue" : "stop") : (flag ? "on" : "off")
            default: text = JSONWriter.compact(member.value)
            }
            do {
                session.apply(try SetCommand.setting(member.key, text, given: true))
            } catch {
                warnings.append("\(path): \(error.message); it is ignored")
            }
        }
        return warnings
    }
}

extension Session {
    /// A setting of `set`, or of the config file.
    mutating func apply(_ setting: SetCommand.Setting) {
        switch setting {
        case .continueOnError(let on): continueOnError = on
        case .maximumWait(let seconds): maximumRetryWait = seconds
        case .timeout(let seconds): network.timeout = .milliseconds(Int64(seconds * 1000))
        case .output(let format): output = format
        case .pager(let on): pager = on
        case .variable: break
        }
    }
}
