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
