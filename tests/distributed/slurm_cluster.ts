/**
 * A throw-away one-node Slurm cluster on localhost for testing the README's job-array
 * recipe: munged with its own key and socket, slurmctld and slurmd on free loopback
 * ports, a configuration with this machine's real CPU count and memory (from
 * `slurmd -C`), and state, spool and logs in one temporary directory. `stop()` kills
 * every daemon it started by process id, whatever happened, and removes the directory.
 *
 * @module
 */

import { join } from "node:path";
import { freePort, runOrThrow, waitFor } from "./processes.ts";

/** A running one-node cluster. */
export interface SlurmCluster {
  /** Environment for sbatch, squeue and scontrol (`SLURM_CONF`). */
  readonly env: Record<string, string>;
  /** Kills slurmd, slurmctld and munged, and removes the directory. */
  stop(): Promise<void>;
}

/**
 * Starts munged, slurmctld and slurmd under `dir` and waits until the node is idle.
 *
 * @throws {Error} with the daemons' logs when the node does not come up.
 */
export async function startSlurmCluster(dir: string): Promise<SlurmCluster> {
  for (const sub of ["etc", "state", "spool", "log", "munge"]) {
    await Deno.mkdir(join(dir, sub), { recursive: true });
  }
  const pidFiles: string[] = [];
  const stop = () => stopAll(pidFiles, dir);
  try {
    const key = join(dir, "etc", "munge.key");
    const bytes = new Uint8Array(1024);
    crypto.getRandomValues(bytes);
    await Deno.writeFile(key, bytes, { mode: 0o400 });
    const socket = join(dir, "munge", "munge.sock");
    const mungePid = join(dir, "munge", "munged.pid");
    pidFiles.push(mungePid);
    await runOrThrow("munged", [
      "--force",
      `--key-file=${key}`,
      `--socket=${socket}`,
      `--pid-file=${mungePid}`,
      `--log-file=${join(dir, "log", "munged.log")}`,
      `--seed-file=${join(dir, "munge", "seed")}`,
    ]);

    const node = await nodeLine();
    const nodeName = /NodeName=(\S+)/.exec(node)?.[1] ?? "localhost";
    const user = (await runOrThrow("id", ["-un"])).trim();
    const conf = join(dir, "etc", "slurm.conf");
    const lines = [
      "ClusterName=kvmsched-test",
      `SlurmctldHost=${nodeName}(127.0.0.1)`,
      `SlurmctldPort=${await freePort()}`,
      `SlurmdPort=${await freePort()}`,
      "AuthType=auth/munge",
      "CryptoType=crypto/munge",
      `AuthInfo=socket=${socket}`,
      `SlurmUser=${user}`,
      `SlurmdUser=${user}`,
      `StateSaveLocation=${join(dir, "state")}`,
      `SlurmdSpoolDir=${join(dir, "spool")}`,
      `SlurmctldPidFile=${join(dir, "slurmctld.pid")}`,
      `SlurmdPidFile=${join(dir, "slurmd.pid")}`,
      `SlurmctldLogFile=${join(dir, "log", "slurmctld.log")}`,
      `SlurmdLogFile=${join(dir, "log", "slurmd.log")}`,
      "ProctrackType=proctrack/linuxproc",
      "TaskPlugin=task/none",
      "SwitchType=switch/none",
      "MpiDefault=none",
      "ReturnToService=2",
      "SchedulerType=sched/builtin",
      "SelectType=select/cons_tres",
      "SelectTypeParameters=CR_CPU",
      "JobCompType=jobcomp/none",
      "AccountingStorageType=accounting_storage/none",
      "JobAcctGatherType=jobacct_gather/none",
      "MinJobAge=600",
      // The machine as slurmd sees it: real CPUs and memory.
      `${node} State=UNKNOWN`,
      `PartitionName=test Nodes=${nodeName} Default=YES MaxTime=INFINITE State=UP`,
      "",
    ];
    await Deno.writeTextFile(conf, lines.join("\n"));
    const env = { SLURM_CONF: conf };
    pidFiles.push(join(dir, "slurmctld.pid"));
    await runOrThrow("slurmctld", [], { env });
    pidFiles.push(join(dir, "slurmd.pid"));
    await runOrThrow("slurmd", [], { env });
    await waitFor(async () => {
      const out = await runOrThrow("sinfo", ["-h", "-o", "%t"], { env }).catch(() => "");
      return out.trim() === "idle" ? true : undefined;
    }, "the Slurm node to be idle");
    return { env, stop };
  } catch (error) {
    const logs = await readLogs(join(dir, "log"));
    await stop();
    throw new Error(`${(error as Error).message}\n${logs}`);
  }
}

/** The `NodeName=... CPUs=... RealMemory=...` line of `slurmd -C`. */
async function nodeLine(): Promise<string> {
  const out = await runOrThrow("slurmd", ["-C"]);
  const line = out.split("\n").find((l) => l.startsWith("NodeName="));
  if (line === undefined) throw new Error(`slurmd -C printed no NodeName line:\n${out}`);
  return line.trim();
}

async function readLogs(dir: string): Promise<string> {
  const parts: string[] = [];
  for (const name of ["munged.log", "slurmctld.log", "slurmd.log"]) {
    const text = await Deno.readTextFile(join(dir, name)).catch(() => "(none)");
    parts.push(`--- ${name}\n${text.split("\n").slice(-20).join("\n")}`);
  }
  return parts.join("\n");
}

async function stopAll(pidFiles: readonly string[], dir: string): Promise<void> {
  // In reverse order of start: slurmd, slurmctld, munged.
  for (const file of [...pidFiles].reverse()) {
    const pid = Number.parseInt(await Deno.readTextFile(file).catch(() => ""), 10);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    try {
      Deno.kill(pid, "SIGTERM");
    } catch { /* already gone */ }
    await waitFor(
      () => Promise.resolve(processGone(pid) ? true : undefined),
      `process ${pid} to exit`,
      10_000,
    ).catch(() => {
      try {
        Deno.kill(pid, "SIGKILL");
      } catch { /* already gone */ }
    });
  }
  await Deno.remove(dir, { recursive: true }).catch(() => {});
}

function processGone(pid: number): boolean {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    // A zombie (state Z) has exited; only its parent has not reaped it yet.
    return / Z /.test(stat);
  } catch {
    return true;
  }
}
