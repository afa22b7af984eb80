import CoveoAPI

/// The shape of `identity P push @FILE` (coveo-push.yml): `members` are IdentityBody, `mappings`
/// MappedIdentityBody, `deleted` BaseIdentityBody. Checked before the upload, so a file the platform would drop
/// entry by entry in its logs is refused here, at the entry and key that is wrong.
enum IdentityBatch {
    static let types = ["USER", "GROUP", "VIRTUAL_GROUP", "UNKNOWN"]

    /// The first thing wrong, as `members[1].identity.type: why`; nil when the batch has the documented shape.
    static func problem(in batch: JSONObject) -> String? {
        let sections: [(key: String, lists: [String], provider: Bool)] = [
            ("members", ["members", "wellKnowns"], false), ("mappings", ["mappings", "wellKnowns"], true),
            ("deleted", [], false),
        ]
        for key in batch.keys where !sections.contains(where: { $0.key == key }) {
            return "\(key): not a key of an identity batch (members, mappings, deleted)"
        }
        for section in sections {
            guard let value = batch[section.key] else { continue }
            guard let entries = value.arrayValue else { return "\(section.key): expected an array" }
            for (index, entry) in entries.enumerated() {
                let at = "\(section.key)[\(index)]"
                guard let body = entry.objectValue else { return "\(at): expected an object" }
                let keys = ["identity"] + section.lists
                for key in body.keys where !keys.contains(key) {
                    return "\(at).\(key): not a key of \(section.key) entries (\(keys.joined(separator: ", ")))"
                }
                guard let identity = body["identity"] else { return "\(at).identity: missing" }
                if let problem = self.problem(identity, at: at + ".identity", provider: false) { return problem }
                for list in section.lists {
                    guard let value = body[list] else { continue }
                    guard let identities = value.arrayValue else { return "\(at).\(list): expected an array" }
                    for (inner, identity) in identities.enumerated() {
                        let provider = section.provider && list == "mappings"
                        if let problem = self.problem(identity, at: "\(at).\(list)[\(inner)]", provider: provider) {
                            return problem
                        }
                    }
                }
            }
        }
        return nil
    }

    /// An Identity (`name`, `type`, `additionalInfo`), or a MappedIdentity (`provider` too).
    private static func problem(_ identity: JSON, at: String, provider: Bool) -> String? {
        guard let object = identity.objectValue else { return "\(at): expected an object" }
        let allowed = ["name", "type", "additionalInfo"] + (provider ? ["provider"] : [])
        for key in object.keys where !allowed.contains(key) {
            return "\(at).\(key): not a key of an identity (\(allowed.joined(separator: ", ")))"
        }
        guard object["name"]?.stringValue?.isEmpty == false else { return "\(at).name: expected a name" }
        if let type = object["type"], !(type.stringValue.map(types.contains) ?? false) {
            return "\(at).type: \(JSONWriter.compact(type)) is not one of \(types.joined(separator: ", "))"
        }
        if let info = object["additionalInfo"], info.objectValue == nil {
            return "\(at).additionalInfo: expected an object of strings"
        }
        if provider, let given = object["provider"], given.stringValue == nil {
            return "\(at).provider: expected a provider's id"
        }
        return nil
    }
}
