/// An identity's type, as typed (`user`, `group`, `virtual-group`, `unknown`), and as each API spells it:
/// item and source permissions say `User`, the security identity API says `USER`.
enum IdentityType: CaseIterable {
    case user, group, virtualGroup, unknown

    /// From what a user types, in any case; `virtualgroup` is accepted too.
    init?(word: some StringProtocol) {
        switch word.lowercased() {
        case "user": self = .user
        case "group": self = .group
        case "virtual-group", "virtualgroup": self = .virtualGroup
        case "unknown": self = .unknown
        default: return nil
        }
    }

    /// The permission models' spelling.
    var permissionName: String {
        switch self {
        case .user: "User"
        case .group: "Group"
        case .virtualGroup: "VirtualGroup"
        case .unknown: "Unknown"
        }
    }

    /// The security identity API's spelling.
    var identityName: String {
        switch self {
        case .user: "USER"
        case .group: "GROUP"
        case .virtualGroup: "VIRTUAL_GROUP"
        case .unknown: "UNKNOWN"
        }
    }
}
