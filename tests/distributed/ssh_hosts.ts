/**
 * Throw-away ssh "hosts" on localhost for testing the README's GNU parallel recipe.
 *
 * Each host alias gets its own sshd (on its own loopback port) whose ForceCommand runs
 * every command in the alias's own home directory, with HOME pointing there. So
 * `ssh host3 'pwd'` prints host 3's home and `~/kvmsched` is host 3's clone, as on four
 * machines, without creating system users. The keys, the configuration and the homes
 * live in one temporary directory; `stop()` kills every sshd by its process id and
 * removes the directory.
 *
 * @module
 */

import { join } from "node:path";
import { freePort, runOrThrow, waitFor } from "./processes.ts";

/** A running set of ssh hosts. */
export interface SshHosts {
  /** The host aliases, `host1` ... `hostN`. */
  readonly aliases: readonly string[];
  /** The home directory of each alias (`~` on that host). */
  readonly homes: readonly string[];
  /** The ssh client configuration that defines the aliases. */
  readonly sshConfig: string;
  /** Environment that makes GNU parallel (and its rsync) use `sshConfig`. */
  readonly env: Record<string, string>;
  /** Kills every sshd started and removes the temporary directory. */
  stop(): Promise<void>;
}

/**
 * Starts `count` sshd instances on 127.0.0.1, one per alias `host1`...`host<count>`.
 *
 * @throws {Error} when sshd does not start or does not accept the key.
 */
export async function startSshHosts(count: number, dir: string): Promise<SshHosts> {
  const etc = join(dir, "etc");
  await Deno.mkdir(etc, { recursive: true });
  const hostKey = join(etc, "host_key");
  const userKey = join(etc, "user_key");
  await runOrThrow("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", hostKey]);
  await runOrThrow("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", userKey]);
  await Deno.copyFile(`${userKey}.pub`, join(etc, "authorized_keys"));
  const user = Deno.env.get("USER") ?? (await runOrThrow("id", ["-un"])).trim();
  const aliases: string[] = [];
  const homes: string[] = [];
  const pids: number[] = [];
  const clientLines: string[] = [];
  try {
    for (let i = 1; i <= count; i++) {
      const alias = `host${i}`;
      const home = join(dir, "homes", alias);
      await Deno.mkdir(home, { recursive: true });
      const port = await freePort();
      const pidFile = join(etc, `sshd.${alias}.pid`);
      // ForceCommand: run the client's command in this alias's home, with HOME there and
      // the caller's PATH and caches, so npx, deno and rsync behave as on a real host.
      const force = `cd ${home} && HOME=${home} PATH=${Deno.env.get("PATH") ?? ""} ` +
        `DENO_DIR=${denoDir()} npm_config_cache=${npmCache()} ` +
        `exec /bin/bash -c "$SSH_ORIGINAL_COMMAND"`;
      const config = [
        `Port ${port}`,
        "ListenAddress 127.0.0.1",
        `HostKey ${hostKey}`,
        `PidFile ${pidFile}`,
        `AuthorizedKeysFile ${join(etc, "authorized_keys")}`,
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "PermitRootLogin prohibit-password",
        "StrictModes no",
        "UsePAM no",
        `AllowUsers ${user}`,
        // scp and rsync-over-sftp ask for this subsystem; ForceCommand runs it in the home.
        "Subsystem sftp /usr/lib/openssh/sftp-server",
        `ForceCommand ${force}`,
        "",
      ].join("\n");
      const configFile = join(etc, `sshd_config.${alias}`);
      await Deno.writeTextFile(configFile, config);
      await Deno.mkdir("/run/sshd", { recursive: true }).catch(() => {});
      await runOrThrow(sshdPath(), ["-f", configFile, "-E", join(etc, `sshd.${alias}.log`)]);
      pids.push(
        await waitFor(async () => {
          const text = await Deno.readTextFile(pidFile).catch(() => "");
          const pid = Number.parseInt(text, 10);
          return Number.isInteger(pid) && pid > 0 ? pid : undefined;
        }, `sshd for ${alias} to write ${pidFile}`),
      );
      aliases.push(alias);
      homes.push(home);
      clientLines.push(
        `Host ${alias}`,
        "  HostName 127.0.0.1",
        `  Port ${port}`,
        `  User ${user}`,
        `  IdentityFile ${userKey}`,
        "  IdentitiesOnly yes",
        "  StrictHostKeyChecking no",
        "  UserKnownHostsFile /dev/null",
        "  LogLevel ERROR",
        "  BatchMode yes",
      );
    }
    const sshConfig = join(etc, "ssh_config");
    await Deno.writeTextFile(sshConfig, `${clientLines.join("\n")}\n`);
    const ssh = `ssh -F ${sshConfig}`;
    for (const [i, alias] of aliases.entries()) {
      const pwd = (await runOrThrow("ssh", ["-F", sshConfig, alias, "pwd"])).trim();
      if (pwd !== homes[i]) throw new Error(`ssh ${alias} runs in ${pwd}, not ${homes[i]}`);
    }
    return {
      aliases,
      homes,
      sshConfig,
      env: { PARALLEL_SSH: ssh, RSYNC_RSH: ssh },
      stop: () => stopAll(pids, dir),
    };
  } catch (error) {
    await stopAll(pids, dir);
    throw error;
  }
}

async function stopAll(pids: readonly number[], dir: string): Promise<void> {
  for (const pid of pids) {
    try {
      Deno.kill(pid, "SIGTERM");
    } catch { /* already gone */ }
  }
  await Deno.remove(dir, { recursive: true }).catch(() => {});
}

function sshdPath(): string {
  return "/usr/sbin/sshd";
}

function denoDir(): string {
  return Deno.env.get("DENO_DIR") ?? join(Deno.env.get("HOME") ?? "/root", ".cache", "deno");
}

function npmCache(): string {
  return Deno.env.get("npm_config_cache") ?? join(Deno.env.get("HOME") ?? "/root", ".npm");
}
