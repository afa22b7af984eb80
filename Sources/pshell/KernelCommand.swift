import Foundation
import Interpreter
import LineEditor

/// `pshell kernel install`: registers a Jupyter kernel that runs pshell statements, one cell at a time, the session
/// kept between cells. The kernel is a thin adapter on ipykernel over `pshell --machine`.
struct KernelCommand {
    static let usage = "pshell kernel install [--python PATH] [--prefix DIR]"
    static let overview = "Register pshell as a Jupyter kernel (needs Python with ipykernel)."

    static let options: [ProcessOption] = [
        ProcessOption(
            "python", value: "PATH", "The Python that runs the kernel (it needs ipykernel; default python3)."),
        ProcessOption(
            "prefix", value: "DIR", completion: .files(extension: nil),
            "Install under this prefix's share/jupyter/kernels (default: the user's Jupyter data folder)."),
        ProcessOption("help", short: "h", "Show this help."),
    ]

    var python = "python3"
    var prefix: String?

    init(_ arguments: ProcessArguments) throws(PShell.UsageError) {
        guard arguments.positionals == ["install"] else {
            let given = arguments.positionals.first.map { "not '\($0)'" } ?? "and it is missing"
            throw PShell.UsageError(message: "the only action is install, \(given) (usage: \(Self.usage))")
        }
        python = arguments.value("python") ?? python
        prefix = arguments.value("prefix")
    }

    /// A kernel that cannot be installed: one line, status 1.
    struct Refusal: Error {
        var message: String
    }

    /// `pshell kernel WORDS...`: its help, one line for a mistake (status 64), or the kernel installed.
    static func main(_ words: [String]) -> Never {
        let help = { columns in
            ProcessHelp.page(
                overview: overview, usage: [usage], arguments: [("install", "The only action.")], options: options,
                columns: columns)
        }
        let command = ProcessArguments.read(words, program: "pshell kernel", options: options, help: help) {
            arguments throws(PShell.UsageError) in try KernelCommand(arguments)
        }
        do {
            try command.run()
            exit(0)
        } catch let refusal as Refusal {
            StandardConsole.write("pshell kernel: error: \(refusal.message)\n", to: STDERR_FILENO)
        } catch {
            StandardConsole.write("pshell kernel: error: \(error.localizedDescription)\n", to: STDERR_FILENO)
        }
        exit(1)
    }

    private func run() throws {
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
            else { throw Refusal(message: "--python \(python): not found on PATH") }
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
            throw Refusal(
                message:
                    "--python \(path): cannot run it (\(error.localizedDescription)); nothing was installed")
        }
        guard check.terminationStatus == 0 else {
            throw Refusal(
                message:
                    "--python \(path) cannot import ipykernel (`\(path) -m pip install ipykernel`); "
                    + "nothing was installed"
            )
        }
        return path
    }

    /// The kernel: ipykernel's wrapper-kernel base over `pshell --machine` (Kernel/pshell_kernel.py, embedded in the
    /// binary at build time by the EmbedFilePlugin: the program stays one file).
    static var kernelSource: String { EmbeddedFiles.pshellKernel }
}
