/**
 * Small process helpers for the distributed-sweep tests: run a command and fail loudly,
 * wait for a condition, find a free loopback port, and kill the first process whose
 * command line matches (a shard made to fail).
 *
 * @module
 */

/** Runs `cmd args`, returns its stdout; throws with its output when it fails. */
export async function runOrThrow(
  cmd: string,
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<string> {
  const out = await new Deno.Command(cmd, {
    args: [...args],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.env === undefined ? {} : { env: options.env }),
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  if (!out.success) {
    const stderr = new TextDecoder().decode(out.stderr);
    throw new Error(`'${cmd} ${args.join(" ")}' exited ${out.code}:\n${stdout}${stderr}`);
  }
  return stdout;
}

/** What a shell script printed and how it ended. */
export interface ScriptResult {
  /** Exit code. */
  code: number;
  /** Standard output and standard error, interleaved as bash wrote them. */
  output: string;
}

/** Runs `script` with bash in `cwd`, stdout and stderr together. */
export async function runScript(
  script: string,
  cwd: string,
  env: Record<string, string> = {},
): Promise<ScriptResult> {
  const out = await new Deno.Command("bash", {
    args: ["-c", `exec 2>&1\n${script}`],
    cwd,
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, output: new TextDecoder().decode(out.stdout) };
}

/**
 * Polls `probe` every 50 ms until it returns a value, for at most `timeoutMs`.
 *
 * @throws {Error} naming `what` on time-out.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A TCP port on 127.0.0.1 that nothing listens on now. */
export function freePort(): Promise<number> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return Promise.resolve(port);
}

/**
 * Process ids whose command line (from /proc) contains every string of `needles` and,
 * when `cwdUnder` is given, whose working directory is under it (so a test kills only
 * the processes of its own run, never those of another run on the same machine).
 */
export async function findProcesses(
  needles: readonly string[],
  cwdUnder?: string,
): Promise<number[]> {
  const found: number[] = [];
  for await (const entry of Deno.readDir("/proc")) {
    const pid = Number(entry.name);
    if (!Number.isInteger(pid) || pid === Deno.pid) continue;
    const cmdline = await Deno.readTextFile(`/proc/${pid}/cmdline`).catch(() => "");
    const line = cmdline.replaceAll("\0", " ");
    if (!needles.every((n) => line.includes(n))) continue;
    if (cwdUnder !== undefined) {
      const cwd = await Deno.readLink(`/proc/${pid}/cwd`).catch(() => "");
      if (!cwd.startsWith(cwdUnder)) continue;
    }
    found.push(pid);
  }
  return found;
}

/**
 * Watches for a deno process working under `cwdUnder` whose command line contains all of
 * `needles`, and kills it with SIGKILL as soon as it appears. Resolves to the pid
 * killed, or `undefined` when `signal` aborts first.
 */
export async function killWhenSeen(
  needles: readonly string[],
  cwdUnder: string,
  signal: AbortSignal,
): Promise<number | undefined> {
  while (!signal.aborted) {
    const pids = await findProcesses(["deno", ...needles], cwdUnder);
    if (pids.length > 0) {
      for (const pid of pids) {
        try {
          Deno.kill(pid, "SIGKILL");
        } catch { /* gone already */ }
      }
      return pids[0];
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return undefined;
}
