/// The exit statuses pshell itself decides (the interpreter's are in `ShellError.Kind.exitCode`).
enum ExitStatus {
    static let usage: Int32 = 64
    static let syntax: Int32 = 65
    static let interrupted: Int32 = 130
}
