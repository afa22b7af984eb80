import Foundation

// embed-file NAME INPUT OUTPUT: writes a Swift file declaring `EmbeddedFiles.NAME`, the text of INPUT. The text
// travels base64-encoded: no quote, backslash or delimiter in it can end the literal early.
// embed-file --commit GIT_DIR OUTPUT: writes `BuildInfo.commit`, HEAD's commit (hex digits), or "unknown".
let arguments = CommandLine.arguments
if arguments.count == 4, arguments[1] == "--commit" {
    let commit = headCommit(gitDirectory: arguments[2]) ?? "unknown"
    let swift = """
        // Generated at build time by EmbedFilePlugin from the git checkout.
        enum BuildInfo {
            /// The git commit this pshell was built from, or "unknown".
            static let commit = "\(commit)"
        }

        """
    do {
        try Data(swift.utf8).write(to: URL(fileURLWithPath: arguments[3]), options: .atomic)
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("embed-file: cannot write \(arguments[3]): \(error)\n".utf8))
        exit(73)
    }
}
guard arguments.count == 4 else {
    FileHandle.standardError.write(Data("usage: embed-file NAME INPUT OUTPUT\n".utf8))
    exit(64)
}
let (name, input, output) = (arguments[1], arguments[2], arguments[3])
guard let data = FileManager.default.contents(atPath: input), String(data: data, encoding: .utf8) != nil else {
    FileHandle.standardError.write(Data("embed-file: cannot read \(input) as UTF-8 text\n".utf8))
    exit(66)
}
let swift = """
    // Generated at build time by EmbedFilePlugin from \((input as NSString).lastPathComponent): edit that file.
    import Foundation

    enum EmbeddedFiles {
        static var \(name): String {
            String(decoding: Data(base64Encoded: "\(data.base64EncodedString())") ?? Data(), as: UTF8.self)
        }
    }

    """
do {
    try Data(swift.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
} catch {
    FileHandle.standardError.write(Data("embed-file: cannot write \(output): \(error)\n".utf8))
    exit(73)
}

/// HEAD's commit: HEAD itself (detached), or its branch's ref file, or its line in `packed-refs`.
func headCommit(gitDirectory git: String) -> String? {
    func read(_ path: String) -> String? {
        let text = try? String(contentsOfFile: git + "/" + path, encoding: .utf8)
        return text?.trimmingCharacters(in: .whitespacesAndNewlines)
    }
    guard let head = read("HEAD") else { return nil }
    var commit = head
    if head.hasPrefix("ref: ") {
        let ref = String(head.dropFirst(5))
        let packed = read("packed-refs")?.split(separator: "\n").first { $0.hasSuffix(" " + ref) }
        guard let found = read(ref) ?? packed.map({ String($0.prefix(while: { $0 != " " })) }) else { return nil }
        commit = found
    }
    return !commit.isEmpty && commit.allSatisfy(\.isHexDigit) ? commit : nil
}
