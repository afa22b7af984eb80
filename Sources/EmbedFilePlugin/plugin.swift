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
        return files.sorted().map { file in
            let input = folder.appending(path: file)
            let name = Self.identifier(file)
            let output = context.pluginWorkDirectoryURL.appending(path: "Embedded+\(name).swift")
            return .buildCommand(
                displayName: "Embedding \(file)", executable: tool.url,
                arguments: [name, input.path(percentEncoded: false), output.path(percentEncoded: false)],
                inputFiles: [input], outputFiles: [output])
        }
    }

    /// `pshell_kernel.py` → `pshellKernel`.
    static func identifier(_ file: String) -> String {
        let stem = file.split(separator: ".").first.map(String.init) ?? file
        let parts = stem.split(separator: "_")
        return (parts.first.map(String.init) ?? "") + parts.dropFirst().map { $0.capitalized }.joined()
    }
}
