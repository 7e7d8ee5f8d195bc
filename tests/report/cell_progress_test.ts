import assert from "node:assert/strict";
import { CellProgress, type JupyterBroadcast } from "../../lib/report/cell_progress.ts";
import { withProgress } from "../../lib/report/with_progress.ts";

interface Sent {
  type: string;
  text: string;
  html: string;
  displayId: unknown;
}

function recorder(): { sent: Sent[]; broadcast: JupyterBroadcast } {
  const sent: Sent[] = [];
  return {
    sent,
    broadcast: (type, content) => {
      const data = content.data as Record<string, string>;
      const transient = content.transient as { display_id?: unknown };
      sent.push({
        type,
        text: data["text/plain"] ?? "",
        html: data["text/html"] ?? "",
        displayId: transient.display_id,
      });
      return Promise.resolve();
    },
  };
}

Deno.test("CellProgress.update() shows the first state at once, then at most once per interval", async () => {
  const { sent, broadcast } = recorder();
  let t = 0;
  const bar = new CellProgress(10, { label: "runs", width: 10, now: () => t, broadcast });
  bar.update({ done: 1 });
  t = 100;
  bar.update({ done: 2 }); // within 250 ms of the last update: not sent
  t = 300;
  bar.update({ done: 3 });
  await bar.tick(0);
  assert.deepEqual(sent.map((s) => s.type), ["display_data", "update_display_data"]);
  assert.equal(sent[1]?.text, "runs [###-------] 3/10 · ETA 1 s");
  assert.ok(sent.every((s) => s.displayId === bar.displayId));
  assert.equal(
    sent[1]?.html,
    '<div><progress value="3" max="10"></progress> runs 3/10 · ETA 1 s</div>',
  );
});

Deno.test("CellProgress.finish() shows a final state that holds no time, whatever the timing", async () => {
  const finals: string[] = [];
  for (const step of [1, 1000]) {
    const { sent, broadcast } = recorder();
    let t = 0;
    const bar = new CellProgress(3, {
      label: "sweep",
      width: 6,
      now: () => (t += step),
      broadcast,
    });
    for (let i = 0; i < 3; i++) await bar.tick();
    await bar.finish();
    finals.push(JSON.stringify(sent.at(-1)?.text) + sent.at(-1)?.html);
    assert.equal(sent.at(-1)?.type, "update_display_data");
  }
  assert.equal(finals[0], finals[1]);
  assert.match(finals[0] ?? "", /^"sweep \[######\] 3\/3 done"/);
});

Deno.test("CellProgress.update() takes a sweep's progress, total included", async () => {
  const { sent, broadcast } = recorder();
  const bar = new CellProgress(0, { label: "sweep", width: 4, broadcast, now: () => 0 });
  bar.update({ done: 0, total: 8 });
  await bar.finish();
  assert.equal(bar.total, 8);
  assert.equal(sent[0]?.text, "sweep [----] 0/8 · ETA ?");
  assert.equal(sent[1]?.text, "sweep [####] 8/8 done");
});

Deno.test("CellProgress shows nothing, and does not fail, outside a Jupyter kernel", async () => {
  const bar = new CellProgress(2);
  await bar.tick();
  await bar.finish();
  assert.equal(bar.done, 2);
});

Deno.test("CellProgress rejects counts that are not non-negative integers", () => {
  assert.throws(
    () => new CellProgress(-1),
    /'total' must be a non-negative integer: current value is -1/,
  );
  const bar = new CellProgress(2, { broadcast: null });
  assert.throws(() => bar.update({ done: 1.5 }), RangeError);
});

Deno.test("withProgress() returns what map returns and shows 0/N before the first job runs", async () => {
  const { sent, broadcast } = recorder();
  const seen: number[] = [];
  const out = await withProgress(
    ["a", "b", "c"],
    (item, index) => {
      seen.push(sent.length);
      return `${item}${index}`;
    },
    { label: "jobs", width: 3, broadcast, intervalMs: 0 },
  );
  assert.deepEqual(out, ["a0", "b1", "c2"]);
  assert.equal(seen[0], 1, "the 0/3 display was sent before the first job");
  assert.equal(sent[0]?.text, "jobs [---] 0/3 · ETA ?");
  assert.equal(sent.at(-1)?.text, "jobs [###] 3/3 done");
});
