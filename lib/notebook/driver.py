"""Executes a notebook with a Jupyter kernel, one code cell at a time.

Run by lib/notebook/execute_notebook.ts as `python -c <this file's text> <args JSON>`,
where the JSON names the input and output notebooks, the kernel, its working directory
and the timeouts (s). It writes the notebook as executed so far and prints a JSON status
line last.

It uses jupyter_client, not nbclient: nbclient's cell loop stops listening at a cell's
"idle" status, and the Deno kernel sends some of a cell's output after that (console
output comes from a separate task reading the worker's pipes, and a cell's result is
broadcast by an operation that is not awaited). Such late output is credited to whatever
request the kernel saw last, so with nbclient it was now and then lost, or shown under
the next cell.

So it starts the kernel in the notebook's directory and runs the code cells in order.
After each cell it runs a barrier: a request not counted in the execution count that
awaits a broadcast of a marker, then prints the marker on stdout and stderr. Pipes and
the broadcast queue are first in, first out, so everything the cell produced arrives
before the three markers; what arrives credited to the barrier before them belongs to
the cell. Other messages go to cells by their parent request. An update of a display
(`update_display_data`, as a progress bar sends) replaces the data of the outputs shown
with that display id, wherever they are, so a saved notebook keeps only the final state.
It stops at the first cell that fails.
"""
import json, queue, sys, time
from jupyter_client.manager import KernelManager

args = json.loads(sys.argv[1])
with open(args["input"], encoding="utf-8") as f:
    nb = json.load(f)
status = {"ok": True}
km = KernelManager(kernel_name=args["kernel"])

class Failure(Exception):
    def __init__(self, kind, cell, message):
        super().__init__(message)
        self.kind, self.cell, self.message = kind, cell, message

def source(cell):
    s = cell.get("source", "")
    return s if isinstance(s, str) else "".join(s)

class Runner:
    def __init__(self, kc):
        self.kc = kc
        self.owner = {}      # request id -> cell index
        self.streams = {}    # cell index -> {"stdout": text, "stderr": text}
        self.others = {}     # cell index -> [outputs]
        self.idle = set()
        self.displays = {}   # display id -> [outputs shown with it], for updates
        self.barrier = None  # {"id", "cell", "seen": set(), "buffer": {}}

    def route(self, msg):
        parent = msg.get("parent_header", {}).get("msg_id")
        kind = msg["msg_type"]
        content = msg["content"]
        if kind == "status" and content.get("execution_state") == "idle":
            self.idle.add(parent)
            return
        if kind == "update_display_data":
            # An updatable display (a progress bar): the saved output keeps the last state.
            for out in self.displays.get(content.get("transient", {}).get("display_id"), []):
                out["data"] = content.get("data", {})
                out["metadata"] = content.get("metadata", {})
            return
        b = self.barrier
        if b is not None and parent == b["id"]:
            if kind == "stream":
                name = content["name"]
                text = b["buffer"].get(name, "") + content["text"]
                if b["marker"] in text:
                    before = text.split(b["marker"], 1)[0]
                    if name not in b["seen"]:
                        self.add_stream(b["cell"], name, before)
                    b["seen"].add(name)
                    b["buffer"][name] = ""
                elif name not in b["seen"]:
                    b["buffer"][name] = text
                return
            if kind == "display_data" and content.get("data", {}).get("text/plain") == b["marker"]:
                b["seen"].add("display")
                return
            if b["cell"] is None or kind not in ("display_data", "execute_result", "error"):
                return
            cell = b["cell"]
        else:
            cell = self.owner.get(parent)
        if cell is None:
            return
        if kind == "stream":
            self.add_stream(cell, content["name"], content["text"])
        elif kind in ("display_data", "execute_result"):
            out = {"output_type": kind, "data": content.get("data", {}), "metadata": content.get("metadata", {})}
            if kind == "execute_result":
                out["execution_count"] = content.get("execution_count")
            display_id = content.get("transient", {}).get("display_id")
            if display_id is not None:
                self.displays.setdefault(display_id, []).append(out)
            self.others.setdefault(cell, []).append(out)
        elif kind == "error":
            self.others.setdefault(cell, []).append({"output_type": "error",
                "ename": content.get("ename", ""), "evalue": content.get("evalue", ""),
                "traceback": content.get("traceback", [])})
        elif kind == "clear_output":
            self.streams.pop(cell, None)
            self.others.pop(cell, None)

    def add_stream(self, cell, name, text):
        if text:
            buf = self.streams.setdefault(cell, {})
            buf[name] = buf.get(name, "") + text

    def pump(self, until, deadline, cell, what):
        while not until():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise Failure("timeout", cell, what)
            try:
                self.route(self.kc.get_iopub_msg(timeout=min(remaining, 0.2)))
            except queue.Empty:
                if not km.is_alive():
                    raise Failure("kernel", cell, "the kernel died")

    def sync(self, cell, timeout):
        marker = "@@notebook-barrier-%d-%d@@" % (cell if cell is not None else -1, time.monotonic_ns())
        m = json.dumps(marker)
        code = ('await Deno.jupyter.broadcast("display_data", { data: { "text/plain": %s }, metadata: {} });'
                " console.log(%s); console.error(%s);") % (m, m, m)
        rid = self.kc.execute(code, silent=False, store_history=False, allow_stdin=False)
        self.barrier = {"id": rid, "cell": cell, "marker": marker, "seen": set(), "buffer": {}}
        b = self.barrier
        self.pump(lambda: rid in self.idle and len(b["seen"]) == 3, time.monotonic() + timeout,
                  cell, "the kernel did not answer a barrier request within %d s" % timeout)
        self.barrier = None

try:
    km.start_kernel(cwd=args["cwd"])
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=args["startup"])
    except RuntimeError as error:
        raise Failure("kernel", None, "the kernel did not start: %s" % error)
    runner = Runner(kc)
    runner.sync(None, args["startup"])  # also proves that iopub is connected
    for index, cell in enumerate(nb["cells"]):
        if cell.get("cell_type") != "code":
            continue
        rid = kc.execute(source(cell), silent=False, store_history=True, allow_stdin=False)
        runner.owner[rid] = index
        runner.pump(lambda: rid in runner.idle, time.monotonic() + args["timeout"], index,
                    "A cell timed out while it was being executed, after %s seconds." % args["timeout"])
        reply = None
        while reply is None:
            msg = kc.get_shell_msg(timeout=args["timeout"])
            if msg.get("parent_header", {}).get("msg_id") == rid:
                reply = msg["content"]
        runner.sync(index, args["timeout"])
        streams = runner.streams.get(index, {})
        outputs = [{"output_type": "stream", "name": name, "text": streams[name]}
                   for name in ("stdout", "stderr") if streams.get(name)]
        outputs += runner.others.get(index, [])
        cell["outputs"] = outputs
        cell["execution_count"] = reply.get("execution_count")
        if reply.get("status") != "ok" or any(o["output_type"] == "error" for o in outputs):
            raise Failure("error", index, reply.get("evalue") or "the cell failed")
except Failure as failure:
    status = {"ok": False, "kind": failure.kind, "cell": failure.cell, "message": failure.message}
except Exception as error:
    status = {"ok": False, "kind": "kernel", "cell": None, "message": "%s: %s" % (type(error).__name__, error)}
finally:
    try:
        km.shutdown_kernel(now=True)
    except Exception:
        pass
with open(args["output"], "w", encoding="utf-8") as f:
    json.dump(nb, f)
print("\n" + json.dumps(status))
