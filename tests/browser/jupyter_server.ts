/**
 * A Jupyter server for the browser tests (Jupyter Notebook 6, or JupyterLab): on
 * 127.0.0.1, a free port and a fresh random token, serving one directory, trusting no
 * notebook (its signature database is in memory), with its own runtime and config
 * directories. `stop()` shuts its kernels down and ends it by its process id, whatever
 * happened.
 *
 * @module
 */

import { jupyterPython } from "../../lib/notebook/jupyter.ts";
import { freePort, waitFor } from "../distributed/processes.ts";
import { stopProcess } from "./chromium.ts";

/** A running server. */
export interface JupyterServer {
  /** The base URL, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The token every request must carry. */
  readonly token: string;
  /** The server's process id. */
  readonly pid: number;
  /** The URL of the page of a notebook of the served directory, token included. */
  notebookUrl(name: string): string;
  /** Calls the server's REST API (`/api/...`) with the token. */
  api(path: string, method?: string): Promise<Response>;
  /** Shuts the kernels down and ends the server. */
  stop(): Promise<void>;
}

/**
 * Starts `jupyter notebook` (Jupyter Notebook 6, Debian's) serving `dir`, and waits
 * until it answers.
 *
 * @throws {Error} with the end of the server's log when it does not start within 60 s.
 */
export function startJupyterNotebook(dir: string): Promise<JupyterServer> {
  return startServer(
    jupyterPython(),
    (port, token) => [
      "-m",
      "notebook",
      "--no-browser",
      "--ip=127.0.0.1",
      `--port=${port}`,
      "--port-retries=0",
      `--notebook-dir=${dir}`,
      `--NotebookApp.token=${token}`,
      "--NotebookNotary.db_file=:memory:",
      ...(Deno.uid() === 0 ? ["--allow-root"] : []),
    ],
    "notebooks",
    "",
  );
}

/**
 * Starts JupyterLab (`jupyterLab` is its `jupyter-lab` executable) serving `dir`, and
 * waits until it answers.
 *
 * @throws {Error} with the end of the server's log when it does not start within 60 s.
 */
export function startJupyterLab(jupyterLab: string, dir: string): Promise<JupyterServer> {
  return startServer(
    jupyterLab,
    (port, token) => [
      "--no-browser",
      "--ServerApp.ip=127.0.0.1",
      `--ServerApp.port=${port}`,
      "--ServerApp.port_retries=0",
      `--ServerApp.root_dir=${dir}`,
      `--IdentityProvider.token=${token}`,
      "--NotebookNotary.db_file=:memory:",
      ...(Deno.uid() === 0 ? ["--allow-root"] : []),
    ],
    "lab/tree",
    "&reset",
  ); // a fresh workspace: no notebook opened before comes back
}

async function startServer(
  command: string,
  argsFor: (port: number, token: string) => string[],
  pagePath: string,
  pageQuery: string,
): Promise<JupyterServer> {
  const port = await freePort();
  const token = crypto.randomUUID().replaceAll("-", "");
  const home = await Deno.makeTempDir({ prefix: "jupyter-server-" });
  const url = `http://127.0.0.1:${port}`;
  const child = new Deno.Command(command, {
    args: argsFor(port, token),
    env: { JUPYTER_RUNTIME_DIR: `${home}/runtime`, JUPYTER_CONFIG_DIR: `${home}/config` },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  // Jupyter logs on stderr: drained into a file, quoted when the server does not start.
  const draining = child.stderr.pipeTo(
    (await Deno.open(`${home}/server.log`, { write: true, create: true })).writable,
  ).catch(() => {});
  const api = (path: string, method = "GET") =>
    fetch(`${url}${path}`, { method, headers: { Authorization: `token ${token}` } });
  const stop = async () => {
    try {
      const kernels = await api("/api/kernels").then((r) => r.json()) as { id: string }[];
      for (const { id } of kernels) {
        await (await api(`/api/kernels/${id}`, "DELETE")).body?.cancel();
      }
    } catch { /* the server is gone already */ }
    try {
      child.kill("SIGTERM");
    } catch { /* gone already */ }
    await stopProcess(child, 10_000);
    await draining;
    await Deno.remove(home, { recursive: true }).catch(() => {});
  };
  try {
    let exited = false;
    child.status.then(() => exited = true);
    await waitFor(
      async () => {
        if (exited) throw new Error("the server exited");
        const response = await api("/api/status").catch(() => undefined);
        await response?.body?.cancel();
        return response?.ok ? true : undefined;
      },
      `${command} on ${url}`,
      60_000,
    );
  } catch (error) {
    const tail = (await Deno.readTextFile(`${home}/server.log`).catch(() => ""))
      .trimEnd().split("\n").slice(-15).join("\n");
    await stop();
    throw new Error(`Cannot start ${command} (${(error as Error).message}):\n${tail}`);
  }
  return {
    url,
    token,
    pid: child.pid,
    notebookUrl: (name) =>
      `${url}/${pagePath}/${encodeURIComponent(name)}?token=${token}${pageQuery}`,
    api,
    stop,
  };
}
