/**
 * Executes a notebook headless with the Deno kernel, through nbclient, one cell at a
 * time, so that a failure can name its cell.
 *
 * @module
 */

import { dirname, resolve } from "node:path";
import { runCommand } from "./run_command.ts";
import { jupyterPython, KERNEL_NAME } from "./setup.ts";
import {
  joinLines,
  normalizeNotebook,
  type Notebook,
  parseNotebook,
  serializeNotebook,
} from "./normalize_notebook.ts";

/** Options of {@linkcode executeNotebook}. */
export interface ExecuteNotebookOptions {
  /**
   * Longest a cell may run before the run fails.
   * @default {600} (unit: s)
   */
  cellTimeoutS?: number;
  /**
   * Longest the kernel may take to start.
   * @default {120} (unit: s)
   */
  startupTimeoutS?: number;
  /**
   * The Python interpreter that has nbclient.
   * @default {jupyterPython()}
   */
  python?: string;
}

/** Why an execution failed. */
export interface ExecutionFailure {
  /** `error`: a cell threw; `timeout`: a cell ran too long; `kernel`: the kernel failed. */
  readonly kind: "error" | "timeout" | "kernel";
  /** Index of the failing cell in the notebook's cells (from 0), if a cell failed. */
  readonly cell: number | undefined;
  /** What went wrong, ANSI-free: the error name, message and trace. */
  readonly message: string;
}

/** What {@linkcode executeNotebook} produced. */
export interface ExecutionResult {
  /** The executed notebook, normalised (also when it failed part-way). */
  readonly notebook: Notebook;
  /** Why it failed, or `undefined` when every cell ran. */
  readonly failure: ExecutionFailure | undefined;
}

/**
 * The driver, run by the Jupyter Python with jupyter_client. (nbclient's cell loop
 * cannot be used: it stops listening at a cell's "idle" status, and the Deno kernel
 * sends some of a cell's output after that: console output comes from a separate task
 * reading the worker's pipes, and a cell's result is broadcast by an operation that is
 * not awaited. Such late output is credited to whatever request the kernel saw last,
 * so with nbclient it was now and then lost, or shown under the next cell.)
 *
 * It starts the kernel in the notebook's directory and runs the code cells in order.
 * After each cell it runs a barrier: a request not counted in the execution count that
 * awaits a broadcast of a marker, then prints the marker on stdout and stderr. Pipes
 * and the broadcast queue are first in, first out, so everything the cell produced
 * arrives before the three markers; what arrives credited to the barrier before them
 * belongs to the cell. Other messages go to cells by their parent request. It stops at
 * the first cell that fails, writes the notebook as executed so far, and prints a JSON
 * status line.
 */
const DRIVER = `
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
        self.barrier = None  # {"id", "cell", "seen": set(), "buffer": {}}

    def route(self, msg):
        parent = msg.get("parent_header", {}).get("msg_id")
        kind = msg["msg_type"]
        content = msg["content"]
        if kind == "status" and content.get("execution_state") == "idle":
            self.idle.add(parent)
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
print("\\n" + json.dumps(status))
`;

/**
 * Executes the notebook at `path` with the Deno kernel and returns it normalised; the
 * file itself is not changed. The kernel runs in the notebook's directory with
 * `NO_COLOR=1`.
 *
 * Each code cell's outputs come in a fixed order, so that they do not depend on timing:
 * all of its stdout as one stream, all of its stderr as one stream, then its displays,
 * result and error in the order the kernel sent them. (The kernel forwards console
 * output in chunks, from another task, so how it is split and where it falls among the
 * displays varies from run to run.)
 *
 * @throws {Error} when nbclient cannot run at all (for example, Jupyter is missing).
 *
 * @example
 * ```ts ignore
 * import { executeNotebook } from "./execute_notebook.ts";
 * const { failure } = await executeNotebook("notebooks/00_quickstart.ipynb");
 * console.log(failure ?? "ok");
 * ```
 */
export async function executeNotebook(
  path: string,
  options?: ExecuteNotebookOptions,
): Promise<ExecutionResult> {
  const { cellTimeoutS = 600, startupTimeoutS = 120, python = jupyterPython() } = options ?? {};
  const input = resolve(path);
  const temp = await Deno.makeTempDir({ prefix: "notebook-run-" });
  try {
    // Hand nbclient a normalised copy, so that cells get stable ids before nbformat
    // would invent random ones.
    const source = normalizeNotebook(parseNotebook(await Deno.readTextFile(input), path));
    const inCopy = `${temp}/in.ipynb`;
    const outCopy = `${temp}/out.ipynb`;
    await Deno.writeTextFile(inCopy, serializeNotebook(source));
    const args = {
      input: inCopy,
      output: outCopy,
      cwd: dirname(input),
      kernel: KERNEL_NAME,
      timeout: cellTimeoutS,
      startup: startupTimeoutS,
    };
    const result = await runCommand(python, ["-c", DRIVER, JSON.stringify(args)], {
      env: { NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1", PYDEVD_DISABLE_FILE_VALIDATION: "1" },
    });
    const statusLine = result.stdout.trimEnd().split("\n").at(-1) ?? "";
    let status: {
      ok: boolean;
      kind?: ExecutionFailure["kind"];
      cell?: number | null;
      message?: string;
    };
    try {
      status = JSON.parse(statusLine);
    } catch {
      throw new Error(
        `Cannot execute ${path} as the nbclient driver (${python}) failed with exit code ${result.code}:\n${
          result.stderr.trimEnd().split("\n").slice(-20).join("\n")
        }`,
      );
    }
    const notebook = normalizeNotebook(parseNotebook(await Deno.readTextFile(outCopy), path));
    if (status.ok) return { notebook, failure: undefined };
    const cell = status.cell ?? undefined;
    const kind = status.kind ?? "kernel";
    const message = kind === "error" && cell !== undefined
      ? errorText(notebook, cell) ?? status.message ?? ""
      : status.message ?? "";
    return { notebook, failure: { kind, cell, message } };
  } finally {
    await Deno.remove(temp, { recursive: true });
  }
}

/** The error output of cell `index`, as text: name, message, then the trace. */
function errorText(notebook: Notebook, index: number): string | undefined {
  const error = notebook.cells[index]?.outputs?.find((o) => o.output_type === "error");
  if (error === undefined) return undefined;
  const head = `${error.ename ?? "Error"}: ${error.evalue ?? ""}`;
  const trace = (error.traceback ?? []).map((line) => joinLines(line)).join("\n").trim();
  return trace === "" || trace.startsWith(head) ? trace || head : `${head}\n${trace}`;
}
