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

    @classmethod
    def table(cls, rows):
        """An array of records: a column per key any record has; a nested value shown whole in its cell."""
        keys = []
        for row in rows:
            for key in row:
                if key not in keys:
                    keys.append(key)
        head = "".join("<th>%s</th>" % html.escape(k) for k in keys)
        body = "".join(
            "<tr>%s</tr>" % "".join(
                "<td>%s</td>" % (cls.html_value(row[k]) if k in row else "") for k in keys)
            for row in rows)
        return "<table><thead><tr>%s</tr></thead><tbody>%s</tbody></table>" % (head, body)

    @classmethod
    def html_value(cls, value):
        """Any JSON value, whole: an object as key/value rows, an array of records as a table, the rest as text."""
        if isinstance(value, dict):
            if not value:
                return "<code>{}</code>"
            rows = "".join(
                "<tr><th style='text-align:left;vertical-align:top'>%s</th><td style='text-align:left'>%s</td></tr>"
                % (html.escape(key), cls.html_value(item)) for key, item in value.items())
            return "<table class='pshell-object'><tbody>%s</tbody></table>" % rows
        if isinstance(value, list):
            if value and all(isinstance(item, dict) for item in value):
                return cls.table(value)
            if not value:
                return "<code>[]</code>"
            return "<br>".join(cls.html_value(item) for item in value)
        if value is None:
            return "<code>null</code>"
        if isinstance(value, bool):
            return "true" if value else "false"
        return html.escape(str(value))

    def render(self, result):
        data = {"application/json": result, "text/plain": json.dumps(result, indent=2)}
        if isinstance(result, (dict, list)):
            data["text/html"] = self.html_value(result)
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
