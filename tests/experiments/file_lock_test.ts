import assert from "node:assert/strict";
import { join } from "node:path";
import { FileBusyError, lockFile } from "../../lib/experiments/file_lock.ts";

const LOCK_URL = new URL("../../lib/experiments/file_lock.ts", import.meta.url).href;

/** A Deno process that takes the lock of `path`, says "locked" and waits to be killed. */
async function holder(path: string): Promise<Deno.ChildProcess> {
  const code = `import { lockFile } from ${JSON.stringify(LOCK_URL)};
lockFile(${JSON.stringify(path)});
console.log("locked");
setInterval(() => {}, 1000);`;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["eval", code],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.getReader();
  const { value } = await reader.read();
  assert.match(new TextDecoder().decode(value), /locked/);
  reader.releaseLock();
  return child;
}

Deno.test("lockFile() refuses while another process holds the lock, naming its pid, and takes over once it is killed", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "out.csv");
  const child = await holder(path);
  try {
    assert.throws(
      () => lockFile(path),
      (e: Error) =>
        e instanceof FileBusyError && e.holder?.pid === child.pid &&
        e.message.includes(`${path} is being written by process ${child.pid}`),
    );
    child.kill("SIGKILL");
    await child.status;
    // The killed process left its lock file; the lock itself went with it.
    assert.ok(Deno.statSync(`${path}.lock`).isFile);
    const lock = lockFile(path);
    assert.equal(JSON.parse(Deno.readTextFileSync(`${path}.lock`)).pid, Deno.pid);
    lock.release();
    assert.throws(() => Deno.statSync(`${path}.lock`), Deno.errors.NotFound);
  } finally {
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
    await child.status;
    await child.stdout.cancel().catch(() => {});
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("lockFile() refuses a second lock in the same process until the first is released", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, "out.csv");
    const lock = lockFile(path);
    assert.throws(() => lockFile(path), FileBusyError);
    lock.release();
    lock.release();
    lockFile(path).release();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
