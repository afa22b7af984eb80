import CoveoAPI

/// `permissions S --add-allow ID --add-deny ID --remove ID`: one identity at a time, the others kept.
struct PermissionEdit {
    var allow: [JSON] = []
    var deny: [JSON] = []
    /// Identity names (or `anyone`) to take out of every set.
    var remove: [String] = []
    var anyone = false
    /// The source as the person wrote it, for the command a failure suggests.
    var source = "SOURCE"

    var isEmpty: Bool { allow.isEmpty && deny.isEmpty && remove.isEmpty && !anyone }

    /// The permission levels after the edit. Adds go to the first set (made, as the replacing form would, when
    /// there is none); an identity added to one list leaves the other; removing what is not there is an error.
    func applied(to levels: [JSON], setName: String) throws -> [JSON] {
        var levels = levels
        if levels.isEmpty {
            levels = [["name": "Source Specified Permissions", "permissionSets": []]]
        }
        var sets = levels[0]["permissionSets"]?.arrayValue ?? []
        if sets.isEmpty {
            sets = [
                [
                    "name": .string(setName), "allowAnonymous": false, "allowedPermissions": [],
                    "deniedPermissions": [],
                ]
            ]
        }
        levels[0]["permissionSets"] = .array(sets)
        for name in remove {
            do {
                try Self.take(name, from: &levels)
            } catch var error as ShellError {
                error.message += " (`permissions \(Tokenizer.quote(source))` lists them)"
                throw error
            }
        }
        for identity in allow + deny {
            if let name = identity["identity"]?.stringValue { _ = Self.remove(name, from: &levels) }
        }
        var first = levels[0]["permissionSets"]?.arrayValue ?? []
        first[0]["allowedPermissions"] = .array((first[0]["allowedPermissions"]?.arrayValue ?? []) + allow)
        first[0]["deniedPermissions"] = .array((first[0]["deniedPermissions"]?.arrayValue ?? []) + deny)
        if anyone { first[0]["allowAnonymous"] = true }
        levels[0]["permissionSets"] = .array(first)
        return levels
    }

    private static func take(_ name: String, from levels: inout [JSON]) throws {
        if name == "anyone" {
            var found = false
            levels = levels.map { level in
                var level = level
                level["permissionSets"] = .array(
                    (level["permissionSets"]?.arrayValue ?? []).map { set in
                        var set = set
                        if set["allowAnonymous"]?.boolValue == true { found = true }
                        set["allowAnonymous"] = false
                        return set
                    })
                return level
            }
            guard found else { throw ShellError.failure("permissions: anyone is not allowed now; nothing was sent") }
            return
        }
        guard remove(name, from: &levels) else {
            throw ShellError.failure(
                "permissions: '\(name)' is in no permission of this source; nothing was sent")
        }
    }

    /// Takes an identity out of every allowed and denied list; whether it was in one.
    private static func remove(_ name: String, from levels: inout [JSON]) -> Bool {
        var found = false
        for l in levels.indices {
            var sets = levels[l]["permissionSets"]?.arrayValue ?? []
            for s in sets.indices {
                for key in ["allowedPermissions", "deniedPermissions"] {
                    let before = sets[s][key]?.arrayValue ?? []
                    let after = before.filter { $0["identity"]?.stringValue != name }
                    if after.count != before.count { found = true }
                    sets[s][key] = .array(after)
                }
            }
            levels[l]["permissionSets"] = .array(sets)
        }
        return found
    }
}
