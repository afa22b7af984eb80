/// What a read at the prompt gave.
package enum ReadResult: Equatable, Sendable {
    case line(String)
    /// Ctrl-C: the line was abandoned.
    case interrupted
    /// Ctrl-D on an empty line, or the end of input.
    case endOfFile
}
