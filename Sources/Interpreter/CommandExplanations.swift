/// What `explain` says of a command that calls the API (each command declares its own): the operations, the
/// privilege each requires (the specifications' `x-required-privileges`, or the documentation where a specification
/// has none),
/// what the fields mean, and where it comes from.
enum CommandExplanations {
    struct Operation: Sendable {
        var call: String
        var privilege: String
    }

    struct Explanation: Sendable {
        var operations: [Operation]
        var fields: String
        var reference: String
    }

    static let sourceView = "PLATFORM / SOURCE / VIEW on *"
    static let sourceEdit = "PLATFORM / SOURCE / EDIT on the source (Sources - Edit)"
    static let organizationView = "PLATFORM / ORGANIZATION / VIEW on *"
    static let pushEdit = "Sources - Edit on the target source (the Push API's documentation)"

    /// The explanation each command declares, by name.
    static func explanation(for name: String) -> Explanation? {
        CommandRegistry.command(named: name)?.command.explanation
    }
}
