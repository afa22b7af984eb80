import Foundation
import PackagePlugin

/// Embeds the files of a target's `Kernel/` folder in its binary as `EmbeddedFiles.<name>` (the Jupyter kernel's
/// Python, which `pshell kernel install` writes out): the files stay files, linted as such, and pshell stays one
/// executable with nothing to install beside it.
@main
struct EmbedFilePlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let folder = target.directoryURL.appending(path: "Kernel")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path(percentEncoded: false))) ?? []
        let tool = try context.tool(named: "EmbedFile")
        // Files only: a folder beside them (Python's __pycache__) is not embedded.
        let files = names.filter { name in
            var isFolder: ObjCBool = false
            let path = folder.appending(path: name).path(percentEncoded: false)
            return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
                && !isFolder.boolValue
        }
        let embedded = files.sorted().map { file in
            let input = folder.appending(path: file)
            let name = Self.identifier(file)
            let output = context.pluginWorkDirectoryURL.appending(path: "Embedded+\(name).swift")
            return Command.buildCommand(
                displayName: "Embedding \(file)", executable: tool.url,
                arguments: [name, input.path(percentEncoded: false), output.path(percentEncoded: false)],
                inputFiles: [input], outputFiles: [output])
        }
        return embedded + [commitCommand(context: context, tool: tool.url)]
    }

    /// `BuildInfo.commit`: the git commit the package was built from (`pshell --version` says it), which the tool
    /// reads from `.git` when it runs ("unknown" outside a git checkout). The files it reads (HEAD, its branch's
    /// ref, `packed-refs`) are the command's inputs, so a new commit runs it again.
    private func commitCommand(context: PluginContext, tool: URL) -> Command {
        let git = context.package.directoryURL.appending(path: ".git")
        var inputs = [git.appending(path: "HEAD"), git.appending(path: "packed-refs")]
        if let head = try? String(contentsOf: inputs[0], encoding: .utf8), head.hasPrefix("ref: ") {
            inputs.append(git.appending(path: head.dropFirst(5).trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "BuildInfo.swift")
        return .buildCommand(
            displayName: "Recording the git commit", executable: tool,
            arguments: ["--commit", git.path(percentEncoded: false), output.path(percentEncoded: false)],
            inputFiles: inputs.filter { FileManager.default.fileExists(atPath: $0.path(percentEncoded: false)) },
            outputFiles: [output])
    }

    /// `pshell_kernel.py` → `pshellKernel`.
    static func identifier(_ file: String) -> String {
        let stem = file.split(separator: ".").first.map(String.init) ?? file
        let parts = stem.split(separator: "_")
        return (parts.first.map(String.init) ?? "") + parts.dropFirst().map { $0.capitalized }.joined()
    }
}
