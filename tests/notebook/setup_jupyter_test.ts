import assert from "node:assert/strict";
import { ensureDenoKernel } from "../../lib/notebook/deno_kernel.ts";
import { JUPYTER_PACKAGES } from "../../lib/notebook/jupyter.ts";
import { SetupError } from "../../lib/notebook/setup_error.ts";
import type { CommandResult, RunCommandOptions } from "../../lib/notebook/run_command.ts";
import { setupJupyter } from "../../lib/notebook/setup_jupyter.ts";

/** A fake system: which Jupyter modules import, what dpkg lists, the kernel's argv. */
function fakeSystem(state: { jupyter: boolean; kernelDeno: string | null }) {
  const calls: { command: string; args: readonly string[]; env?: Record<string, string> }[] = [];
  const ok = (stdout: string): CommandResult => ({ code: 0, stdout, stderr: "" });
  const run = (
    command: string,
    args: readonly string[],
    options?: RunCommandOptions,
  ): Promise<CommandResult> => {
    calls.push({ command, args, ...(options?.env ? { env: options.env } : {}) });
    const script = args[1] ?? "";
    if (args[0] === "-c" && script.includes("find_spec")) {
      return Promise.resolve(
        ok(JSON.stringify(
          state.jupyter
            ? { missing: [], versions: ["6.5.3", "0.7.2"] }
            : { missing: ["nbclient"], versions: [] },
        )),
      );
    }
    if (args[0] === "-c" && script.includes("KernelSpecManager")) {
      return Promise.resolve(ok(JSON.stringify(state.kernelDeno && [state.kernelDeno, "jupyter"])));
    }
    if (command === "dpkg-query") {
      return Promise.resolve(ok(state.jupyter ? "" : "jupyter-notebook ii \n"));
    }
    if (command === "apt-get") {
      if (args[0] === "install") state.jupyter = true;
      return Promise.resolve(ok(""));
    }
    if (args[0] === "jupyter" && args[1] === "--install") {
      state.kernelDeno = command;
      return Promise.resolve(ok(""));
    }
    return Promise.resolve({ code: 127, stdout: "", stderr: "unexpected" });
  };
  return { run, calls };
}

const DENO = "/opt/fake/deno";

Deno.test("setupJupyter() changes nothing when Jupyter and the kernel are in place", async () => {
  const { run, calls } = fakeSystem({ jupyter: true, kernelDeno: DENO });
  const report = await setupJupyter({
    run,
    isRoot: true,
    denoPath: DENO,
    python: "/usr/bin/python3",
  });
  assert.deepEqual(report.installed, []);
  assert.equal(report.registeredKernel, false);
  assert.ok(!calls.some((c) => c.command === "apt-get" || c.command === DENO));
  assert.match(report.summary, /Jupyter present .*\n.*already runs \/opt\/fake\/deno/);
});

Deno.test("setupJupyter() stops with the apt command when Jupyter is missing and not root", async () => {
  const { run, calls } = fakeSystem({ jupyter: false, kernelDeno: null });
  const error = await setupJupyter({
    run,
    isRoot: false,
    denoPath: DENO,
    python: "/usr/bin/python3",
  })
    .then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof SetupError);
  assert.match(
    error.message,
    /apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y/,
  );
  // dpkg lists jupyter-notebook as installed, so only the other three are named.
  assert.match(error.message, /jupyter-nbconvert python3-nbclient python3-ipykernel'/);
  assert.ok(!calls.some((c) => c.command === "apt-get"));
});

Deno.test("setupJupyter() installs the missing packages non-interactively when root", async () => {
  const { run, calls } = fakeSystem({ jupyter: false, kernelDeno: DENO });
  const report = await setupJupyter({
    run,
    isRoot: true,
    denoPath: DENO,
    python: "/usr/bin/python3",
  });
  const apt = calls.filter((c) => c.command === "apt-get");
  assert.deepEqual(apt.map((c) => c.args.join(" ")), [
    "update",
    "install -y jupyter-nbconvert python3-nbclient python3-ipykernel",
  ]);
  for (const call of apt) assert.equal(call.env?.DEBIAN_FRONTEND, "noninteractive");
  assert.deepEqual(report.installed, JUPYTER_PACKAGES.slice(0, 3));
  assert.match(report.summary, /^setup: installed jupyter-nbconvert/);
});

Deno.test("ensureDenoKernel() registers the kernel when it runs another deno", async () => {
  const { run, calls } = fakeSystem({ jupyter: true, kernelDeno: "/somewhere/else/deno" });
  assert.equal(await ensureDenoKernel("/usr/bin/python3", { run, denoPath: DENO }), true);
  assert.ok(
    calls.some((c) => c.command === DENO && c.args.join(" ") === "jupyter --install --force"),
  );
  assert.equal(await ensureDenoKernel("/usr/bin/python3", { run, denoPath: DENO }), false);
});

Deno.test("ensureDenoKernel() fails clearly when the registration does not take", async () => {
  const { run } = fakeSystem({ jupyter: true, kernelDeno: "/somewhere/else/deno" });
  const stubborn = (c: string, a: readonly string[], o?: RunCommandOptions) =>
    a[0] === "jupyter" ? Promise.resolve({ code: 0, stdout: "", stderr: "" }) : run(c, a, o);
  await assert.rejects(
    ensureDenoKernel("/usr/bin/python3", { run: stubborn, denoPath: DENO }),
    /still runs \/somewhere\/else\/deno/,
  );
});
