/**
 * One writer per result file: a sweep or merge holds an exclusive lock on `<file>.lock`
 * while it writes `<file>`. The lock is the operating system's (`flock`), so it goes
 * with the process that holds it: a killed sweep never blocks the next one. The lock
 * file records who holds it, for the message of the one that is refused.
 *
 * @module
 */

import { hostname } from "node:os";
import { SweepError } from "./sweep_error.ts";

/** Who holds a lock, as its lock file records it. */
export interface LockHolder {
  /** The process id. */
  readonly pid: number;
  /** The machine's host name. */
  readonly host: string;
  /** The command line of the process. */
  readonly command: string;
  /** When it took the lock (ISO 8601). */
  readonly since: string;
}

/** A file that another process is writing. */
export class FileBusyError extends SweepError {
  /** Who holds the lock, or `null` when its lock file does not say (yet). */
  readonly holder: LockHolder | null;

  /** `path` is being written by `holder`. */
  constructor(path: string, holder: LockHolder | null) {
    const who = holder === null
      ? "another process (its lock file does not say which yet)"
      : `process ${holder.pid} on ${holder.host} (${holder.command}), since ${holder.since}`;
    super(
      `${path} is being written by ${who}; wait for it to finish or stop it${
        holder === null ? "" : ` (kill ${holder.pid})`
      }, or write to another --out. Nothing was written`,
    );
    this.holder = holder;
  }
}

/** A lock taken by {@linkcode lockFile}; release it when the writing is done. */
export class FileLock {
  /** The file the lock guards. */
  readonly path: string;
  /** The lock file, `<path>.lock`. */
  readonly lockPath: string;
  #file: Deno.FsFile | null;

  /** Wraps an open, locked lock file. Use {@linkcode lockFile}. */
  constructor(path: string, lockPath: string, file: Deno.FsFile) {
    this.path = path;
    this.lockPath = lockPath;
    this.#file = file;
  }

  /** Removes the lock file and releases the lock; a second call does nothing. */
  release(): void {
    if (this.#file === null) return;
    try {
      Deno.removeSync(this.lockPath);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    } finally {
      this.#file.close();
      this.#file = null;
    }
  }
}

/** The holder recorded in `lockPath`, or `null` when it is empty or unreadable. */
function readHolder(lockPath: string): LockHolder | null {
  try {
    const holder = JSON.parse(Deno.readTextFileSync(lockPath)) as LockHolder;
    return typeof holder?.pid === "number" ? holder : null;
  } catch {
    return null;
  }
}

/**
 * Takes the exclusive write lock of `path` (on `<path>.lock`, created if need be), or
 * refuses at once when another process holds it. A lock file left by a process that
 * died holds no lock and is taken over.
 *
 * @throws {FileBusyError} naming the process that holds the lock.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { FileBusyError, lockFile } from "./file_lock.ts";
 * const dir = await Deno.makeTempDir();
 * const lock = lockFile(`${dir}/out.csv`);
 * assert.throws(() => lockFile(`${dir}/out.csv`), FileBusyError);
 * lock.release();
 * lockFile(`${dir}/out.csv`).release();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function lockFile(path: string): FileLock {
  const lockPath = `${path}.lock`;
  for (;;) {
    const file = Deno.openSync(lockPath, { read: true, write: true, create: true });
    try {
      if (!file.tryLockSync(true)) throw new FileBusyError(path, readHolder(lockPath));
      // The lock file may have been removed by its last holder between our open and our
      // lock: then this lock guards nothing, and we take the new file's.
      const held = file.statSync();
      const now = (() => {
        try {
          return Deno.statSync(lockPath);
        } catch {
          return null;
        }
      })();
      if (now === null || now.ino !== held.ino || now.dev !== held.dev) {
        file.close();
        continue;
      }
      const holder: LockHolder = {
        pid: Deno.pid,
        host: hostname(),
        command: [Deno.mainModule.split("/").pop(), ...Deno.args].join(" ").slice(0, 200),
        since: new Date().toISOString(),
      };
      file.truncateSync(0);
      file.writeSync(new TextEncoder().encode(`${JSON.stringify(holder)}\n`));
      return new FileLock(path, lockPath, file);
    } catch (error) {
      file.close();
      throw error;
    }
  }
}
