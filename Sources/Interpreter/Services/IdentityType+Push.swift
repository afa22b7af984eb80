import CoveoAPI
import Foundation

/// Security identities as the Push API writes them (docs.coveo.com/en/55): users, groups and virtual groups.
extension IdentityType {
    /// `NAME[:TYPE]` as the Push API writes an identity: `{name, type}` with an upper-case type.
    static func pushIdentity(_ text: String) throws -> JSON {
        var name = text
        var type = "user"
        if let colon = text.lastIndex(of: ":"), IdentityType(word: text[text.index(after: colon)...]) != nil {
            name = String(text[..<colon])
            type = String(text[text.index(after: colon)...])
        }
        return try pushIdentity(name, type: type)
    }

    static func pushIdentity(_ name: String, type: String) throws -> JSON {
        guard !name.isEmpty else { throw ShellError.usage("an identity needs a name") }
        guard let upper = IdentityType(word: type)?.identityName else {
            throw ShellError.usage("'\(type)' is not an identity type: user, group, virtual-group or unknown")
        }
        return ["name": .string(name), "type": .string(upper)]
    }

    /// The permission models' type (`User`) in the identity API's spelling (`USER`).
    static func identityName(ofPermissionType type: String) -> String {
        (IdentityType.allCases.first { $0.permissionName == type } ?? .unknown).identityName
    }
}
