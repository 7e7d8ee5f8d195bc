/**
 * Headless Chromium driven over the Chrome DevTools Protocol, just enough for the
 * browser tests: open a page, wait for a condition, evaluate a function in it, take a
 * screenshot. The browser runs with a throw-away profile; `close()` ends it by its
 * process id, whatever happened (the DevTools `Browser.close` first, then SIGTERM, then
 * SIGKILL).
 *
 * @module
 */

import { ensureChromium } from "../../lib/notebook/chromium.ts";
import { waitFor } from "../distributed/processes.ts";

type Json = Record<string, unknown>;

interface Pending {
  resolve: (value: Json) => void;
  reject: (error: Error) => void;
  method: string;
}

/** One WebSocket to the browser, with flat sessions for the pages. */
class Connection {
  readonly #socket: WebSocket;
  readonly #pending = new Map<number, Pending>();
  readonly #listeners = new Set<(method: string, params: Json, sessionId?: string) => void>();
  #nextId = 1;
  #closed = false;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.onmessage = (event) => {
      const message = JSON.parse(String(event.data)) as {
        id?: number;
        result?: Json;
        error?: { message: string };
        method?: string;
        params?: Json;
        sessionId?: string;
      };
      if (message.id !== undefined) {
        const pending = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        if (message.error !== undefined) {
          pending?.reject(new Error(`${pending.method}: ${message.error.message}`));
        } else pending?.resolve(message.result ?? {});
      } else if (message.method !== undefined) {
        for (const listener of this.#listeners) {
          listener(message.method, message.params ?? {}, message.sessionId);
        }
      }
    };
    socket.onclose = () => {
      this.#closed = true;
      for (const pending of this.#pending.values()) {
        pending.reject(new Error(`${pending.method}: the browser closed the connection`));
      }
      this.#pending.clear();
    };
  }

  static open(url: string): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.onopen = () => resolve(new Connection(socket));
      socket.onerror = () => reject(new Error(`Cannot connect to Chromium at ${url}`));
    });
  }

  send(method: string, params: Json = {}, sessionId?: string): Promise<Json> {
    if (this.#closed) return Promise.reject(new Error(`${method}: connection closed`));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, method });
      this.#socket.send(
        JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }),
      );
    });
  }

  /** Resolves with the params of the next event `method` of session `sessionId`. */
  once(method: string, sessionId: string, timeoutMs: number): Promise<Json> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#listeners.delete(listener);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${method}`));
      }, timeoutMs);
      const listener = (name: string, params: Json, session?: string) => {
        if (name !== method || session !== sessionId) return;
        clearTimeout(timer);
        this.#listeners.delete(listener);
        resolve(params);
      };
      this.#listeners.add(listener);
    });
  }

  close(): void {
    if (!this.#closed) this.#socket.close();
  }
}

/** A tab of the browser. */
export class Page {
  readonly #connection: Connection;
  readonly #sessionId: string;
  readonly #targetId: string;

  /** @internal Use {@linkcode Chromium.newPage}. */
  constructor(connection: Connection, sessionId: string, targetId: string) {
    this.#connection = connection;
    this.#sessionId = sessionId;
    this.#targetId = targetId;
  }

  /** Sends a DevTools command to this page. */
  send(method: string, params: Json = {}): Promise<Json> {
    return this.#connection.send(method, params, this.#sessionId);
  }

  /** Sets the viewport size (CSS px). */
  async setViewport(width: number, height: number): Promise<void> {
    await this.send("Emulation.setDeviceMetricsOverride", {
      width,
      height,
      deviceScaleFactor: 1,
      mobile: false,
    });
  }

  /** Navigates to `url` and waits for its load event. */
  async goto(url: string, timeoutMs = 30_000): Promise<void> {
    const loaded = this.#connection.once("Page.loadEventFired", this.#sessionId, timeoutMs);
    const result = await this.send("Page.navigate", { url });
    if (typeof result.errorText === "string") {
      throw new Error(`Cannot open ${url}: ${result.errorText}`);
    }
    await loaded;
  }

  /** Evaluates the JavaScript `expression` in the page and returns its value, awaited, as JSON. */
  async evaluate<R>(expression: string): Promise<R> {
    const result = await this.send("Runtime.evaluate", {
      expression,
      awaitPromise: true,
      returnByValue: true,
    });
    const details = result.exceptionDetails as
      | { exception?: { description?: string }; text?: string }
      | undefined;
    if (details !== undefined) {
      throw new Error(`In the page: ${details.exception?.description ?? details.text}`);
    }
    return (result.result as { value: R }).value;
  }

  /** Waits until the JavaScript `expression` is true in the page. */
  async waitUntil(expression: string, what: string, timeoutMs = 30_000): Promise<void> {
    await waitFor(
      async () => (await this.evaluate<boolean>(expression)) ? true : undefined,
      what,
      timeoutMs,
    );
  }

  /**
   * Writes a PNG of the whole page to `path`: the viewport is grown to the height of
   * the page's content (at most `maxHeight` px), which also covers pages that scroll
   * inside an element, as Jupyter Notebook's does.
   */
  async screenshot(path: string, width = 1200, maxHeight = 16_000): Promise<void> {
    const height = await this.evaluate<number>(`(() => {
      const site = document.querySelector("#site");
      const header = document.querySelector("#header");
      const inner = site === null ? 0 : site.scrollHeight + (header?.getBoundingClientRect().height ?? 0);
      return Math.max(document.documentElement.scrollHeight, inner);
    })()`);
    await this.setViewport(width, Math.min(Math.ceil(height) + 20, maxHeight));
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the page lay out again
    const shot = await this.send("Page.captureScreenshot", {
      format: "png",
      optimizeForSpeed: true,
    });
    await Deno.writeFile(path, Uint8Array.from(atob(String(shot.data)), (c) => c.charCodeAt(0)));
  }

  /** Closes the tab. */
  async close(): Promise<void> {
    await this.#connection.send("Target.closeTarget", { targetId: this.#targetId }).catch(() => {});
  }
}

/** A headless Chromium process with a throw-away profile. */
export class Chromium {
  readonly #child: Deno.ChildProcess;
  readonly #profile: string;
  readonly #connection: Connection;

  private constructor(child: Deno.ChildProcess, profile: string, connection: Connection) {
    this.#child = child;
    this.#profile = profile;
    this.#connection = connection;
  }

  /** The browser's process id. */
  get pid(): number {
    return this.#child.pid;
  }

  /**
   * Starts headless Chromium (installing Debian's package first when root and missing)
   * and connects to it.
   */
  static async launch(): Promise<Chromium> {
    const executable = await ensureChromium();
    const profile = await Deno.makeTempDir({ prefix: "chromium-profile-" });
    const child = new Deno.Command(executable, {
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--mute-audio",
        "--remote-debugging-port=0",
        `--user-data-dir=${profile}`,
        "about:blank",
      ],
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    try {
      const endpoint = await waitFor(async () => {
        const text = await Deno.readTextFile(`${profile}/DevToolsActivePort`).catch(() => "");
        const [port, path] = text.split("\n");
        return port && path ? `ws://127.0.0.1:${port}${path}` : undefined;
      }, `Chromium (pid ${child.pid}) to open its DevTools port`);
      return new Chromium(child, profile, await Connection.open(endpoint));
    } catch (error) {
      await stopProcess(child);
      await Deno.remove(profile, { recursive: true }).catch(() => {});
      throw error;
    }
  }

  /** Opens a new tab of `width` x `height` CSS px. */
  async newPage(width = 1200, height = 900): Promise<Page> {
    const { targetId } = await this.#connection.send("Target.createTarget", { url: "about:blank" });
    const { sessionId } = await this.#connection.send("Target.attachToTarget", {
      targetId,
      flatten: true,
    });
    const page = new Page(this.#connection, String(sessionId), String(targetId));
    await page.send("Page.enable");
    await page.setViewport(width, height);
    return page;
  }

  /** Ends the browser, by its process id if it does not close, and removes its profile. */
  async close(): Promise<void> {
    await settlesWithin(this.#connection.send("Browser.close"), 2000);
    this.#connection.close();
    await stopProcess(this.#child);
    await Deno.remove(this.#profile, { recursive: true }).catch(() => {});
  }
}

/**
 * Waits up to `graceMs` for `child` to exit, then sends it SIGTERM, then SIGKILL, by its
 * process id, and waits for it.
 */
export async function stopProcess(child: Deno.ChildProcess, graceMs = 3000): Promise<void> {
  const within = (ms: number) => settlesWithin(child.status, ms);
  if (await within(graceMs)) return;
  try {
    child.kill("SIGTERM");
  } catch { /* gone already */ }
  if (await within(5000)) return;
  try {
    child.kill("SIGKILL");
  } catch { /* gone already */ }
  await child.status;
}

/** Whether `promise` settles (either way) within `ms`; no timer is left behind. */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const settled = await Promise.race([
    promise.then(() => true, () => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    }),
  ]);
  clearTimeout(timer);
  return settled;
}
