import CoveoAPI

/// The platform's rules about a source that pshell says before sending anything: a name never changes; a SECURED
/// source wants a security identity provider, named as the documentation names it.
enum SourceRules {
    /// What to do instead of renaming, as commands that work when pasted.
    static func renameWayOut(_ newName: String, visibility: String? = nil) -> String {
        let create = "create \(Tokenizer.quote(newName))" + (visibility.map { " --visibility \($0)" } ?? "")
        return "To use another name: `\(create)`, push the items again, then `delete` the old source"
    }

    /// A source's name cannot change: a body renaming it is refused before anything is sent.
    static func refuseRename(of current: JSON, to body: JSONObject, command: String) throws {
        let currentName = current["name"]?.stringValue ?? ""
        if let name = body["name"], name.stringValue != currentName {
            throw ShellError.failure(
                "\(command): refusing to rename '\(currentName)' to \(JSONWriter.compact(name)): "
                    + "a source's name cannot change once it is created; nothing was sent. "
                    + renameWayOut(
                        name.stringValue ?? "NEW NAME", visibility: current["sourceVisibility"]?.stringValue))
        }
    }

    /// `My secured source` gives `MySecuredSourceProvider` (the documentation's naming).
    static func providerID(forSourceNamed name: String) -> String {
        let words = name.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
        let base = words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        return (base.isEmpty ? "PushSource" : base) + "Provider"
    }

    /// The note for a SECURED source that references no provider yet: what to create next; nil for any other.
    static func securedWithoutProvider(_ model: JSON, name: String, id: String, oneStep: String? = nil) -> String? {
        guard model["sourceVisibility"]?.stringValue == SourceVisibility.secured.rawValue,
            model["securityProviderReferences"]?.arrayValue?.isEmpty ?? true
        else { return nil }
        let provider = Tokenizer.quote(providerID(forSourceNamed: name))
        return "'\(name)' is SECURED: create a security identity provider for it next "
            + "(`provider create \(provider) --source \(id)`\(oneStep.map { ", " + $0 } ?? "")), so its items' "
            + "permissions can be expanded (docs.coveo.com/en/85)"
    }
}
