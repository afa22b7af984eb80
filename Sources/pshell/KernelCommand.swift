import ArgumentParser
import Foundation

/// `pshell kernel install`: registers a Jupyter kernel that runs pshell statements, one cell at a time, the session
/// kept between cells. The kernel is a thin adapter on ipykernel over `pshell --machine`.
struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pshell kernel",
        abstract: "Register pshell as a Jupyter kernel (needs Python with ipykernel).",
        usage: "pshell kernel install [--python PATH] [--prefix DIR]")

    @Argument(help: "install") var action: String

    @Option(help: "The Python that runs the kernel (it needs ipykernel).") var python = "python3"

    @Option(help: "Install under this prefix's share/jupyter/kernels (default: the user's Jupyter data folder).")
    var prefix: String?

    func validate() throws {
        guard action == "install" else { throw ValidationError("the only action is install, not '\(action)'") }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let base: String
        if let prefix {
            base = prefix + "/share/jupyter/kernels"
        } else if let data = environment["JUPYTER_DATA_DIR"] {
            base = data + "/kernels"
        } else {
            let home = environment["XDG_DATA_HOME"] ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.local/share")
            base = home + "/jupyter/kernels"
        }
        let folder = base + "/pshell"
        let python = try checkedPython(environment)
        // The running executable itself: argv[0] is `pshell` when run from PATH, which names no file here.
        let binary =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.resolvingSymlinksInPath().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let spec: [String: Any] = [
            "argv": [python, folder + "/pshell_kernel.py", "-f", "{connection_file}"],
            "display_name": "pshell", "language": "pshell", "env": ["PSHELL_BIN": binary],
        ]
        let data = try JSONSerialization.data(withJSONObject: spec, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: URL(fileURLWithPath: folder + "/kernel.json"))
        try Data(Self.kernelSource.utf8).write(to: URL(fileURLWithPath: folder + "/pshell_kernel.py"))
        print("Installed the pshell kernel in \(folder) (pshell: \(binary); Python: \(python))")
    }

    /// `--python` as an absolute path (found on PATH if it has no slash), once it is seen to import ipykernel:
    /// a kernel said installed must start.
    private func checkedPython(_ environment: [String: String]) throws -> String {
        var path = python
        if !python.contains("/") {
            let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
            guard let found = folders.map({ $0 + "/" + python }).first(where: FileManager.default.isExecutableFile)
            else { throw ValidationError("--python \(python): not found on PATH") }
            path = found
        }
        let check = Process()
        check.executableURL = URL(fileURLWithPath: path)
        check.arguments = ["-c", "import ipykernel"]
        check.standardOutput = FileHandle.nullDevice
        check.standardError = FileHandle.nullDevice
        do {
            try check.run()
            check.waitUntilExit()
        } catch {
            throw ValidationError(
                "--python \(path): cannot run it (\(error.localizedDescription)); nothing was installed")
        }
        guard check.terminationStatus == 0 else {
            throw ValidationError(
                "--python \(path) cannot import ipykernel (`\(path) -m pip install ipykernel`); nothing was installed")
        }
        return path
    }

    /// The kernel: ipykernel's wrapper-kernel base over `pshell --machine` (Kernel/pshell_kernel.py, embedded in the
    /// binary at build time by the EmbedFilePlugin: the program stays one file).
    static var kernelSource: String { EmbeddedFiles.pshellKernel }
}
