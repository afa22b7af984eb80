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

    /// The kernel: ipykernel's wrapper-kernel base over `pshell --machine`. Results render as tables (a list of
    /// objects) or as JSON (collapsible in JupyterLab); errors as errors; `trace` output in its own block.
    static let kernelSource = #"""
        """The pshell Jupyter kernel: each cell's statements go to `pshell --machine`; the session lives on."""
        import html
        import json
        import os
        import subprocess

        from ipykernel.kernelapp import IPKernelApp
        from ipykernel.kernelbase import Kernel


        class PshellKernel(Kernel):
            implementation = "pshell"
            implementation_version = "0.1"
            language = "pshell"
            language_version = "0.1"
            language_info = {"name": "pshell", "mimetype": "text/x-pshell", "file_extension": ".pshell"}
            banner = "pshell: Coveo Push sources, a cell at a time"

            def __init__(self, **kwargs):
                super().__init__(**kwargs)
                binary = os.environ.get("PSHELL_BIN", "pshell")
                self.pshell = subprocess.Popen(
                    [binary, "--machine"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
                self.count = 0

            def ask(self, code):
                self.count += 1
                self.pshell.stdin.write(json.dumps({"id": self.count, "code": code}) + "\n")
                self.pshell.stdin.flush()
                line = self.pshell.stdout.readline()
                if not line:
                    return {"status": 1, "stdout": "", "diagnostics": [
                        {"severity": "error", "text": "error: pshell ended"}], "result": None}
                return json.loads(line)

            def show(self, data):
                self.send_response(self.iopub_socket, "display_data", {"data": data, "metadata": {}})

            @staticmethod
            def table(rows):
                keys = []
                for row in rows:
                    for key, value in row.items():
                        if key not in keys and not isinstance(value, (dict, list)):
                            keys.append(key)
                head = "".join("<th>%s</th>" % html.escape(k) for k in keys)
                body = "".join(
                    "<tr>%s</tr>" % "".join("<td>%s</td>" % html.escape(str(row.get(k, ""))) for k in keys)
                    for row in rows)
                return "<table><thead><tr>%s</tr></thead><tbody>%s</tbody></table>" % (head, body)

            def render(self, result):
                rows = result if isinstance(result, list) else None
                if isinstance(result, dict):
                    lists = [v for v in result.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
                    rows = lists[0] if len(lists) == 1 else None
                data = {"application/json": result, "text/plain": json.dumps(result, indent=2)}
                if rows and all(isinstance(r, dict) for r in rows):
                    data["text/html"] = self.table(rows)
                self.show(data)

            def stream(self, name, text):
                if text:
                    self.send_response(self.iopub_socket, "stream", {"name": name, "text": text})

            def publish(self, answer):
                diagnostics = answer["diagnostics"]
                traces = [d["text"] for d in diagnostics if d["severity"] is None and d["text"].startswith("── ")]
                if traces:
                    text = "\n".join(traces)
                    block = "<pre class='pshell-trace'>%s</pre>" % html.escape(text)
                    self.show({"text/plain": text, "text/html": block})
                others = [d["text"] for d in diagnostics if d["severity"] != "error" and d["text"] not in traces]
                self.stream("stderr", "".join(t + "\n" for t in others))
                # Each statement's output in turn: a JSON document rendered (a table, or collapsible JSON), text as is.
                pending = ""
                for line in answer.get("stdout", "").splitlines(keepends=True):
                    try:
                        value = json.loads(line) if line.lstrip().startswith(("{", "[")) else None
                    except ValueError:
                        value = None
                    if value is None:
                        pending += line
                        continue
                    self.stream("stdout", pending)
                    pending = ""
                    self.render(value)
                self.stream("stdout", pending)
                errors = [d["text"] for d in diagnostics if d["severity"] == "error"]
                if errors:
                    self.send_response(self.iopub_socket, "error",
                                       {"ename": "pshell", "evalue": errors[-1], "traceback": errors})

            def do_execute(self, code, silent, store_history=True, user_expressions=None, allow_stdin=False):
                answer = self.ask(code)
                if not silent:
                    self.publish(answer)
                if answer["status"] != 0:
                    return {"status": "error", "execution_count": self.execution_count, "ename": "pshell",
                            "evalue": "exit status %d" % answer["status"], "traceback": []}
                return {"status": "ok", "execution_count": self.execution_count, "payload": [], "user_expressions": {}}

            def do_shutdown(self, restart):
                try:
                    self.pshell.stdin.close()
                    self.pshell.wait(timeout=5)
                except Exception:
                    self.pshell.kill()
                return {"status": "ok", "restart": restart}


        if __name__ == "__main__":
            IPKernelApp.launch_instance(kernel_class=PshellKernel)
        """#
}
