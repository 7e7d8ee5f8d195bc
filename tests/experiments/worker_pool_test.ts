import assert from "node:assert/strict";
import { runWorkerPool } from "../../lib/experiments/worker_pool.ts";

/** A module worker from source text (a blob: URL). */
function workerUrl(source: string): URL {
  return new URL(URL.createObjectURL(new Blob([source], { type: "application/javascript" })));
}

const DOUBLE = workerUrl("self.onmessage = (e) => self.postMessage(e.data * 2);");
const fail = (message: string) => new Error(`worker: ${message}`);

Deno.test("runWorkerPool() answers every job once, whatever the pool size", async () => {
  for (const size of [1, 2, 5]) {
    const replies: number[] = [];
    await runWorkerPool(DOUBLE, [1, 2, 3, 4, 5, 6, 7], {
      size,
      onReply: (reply: number) => void replies.push(reply),
      onWorkerError: fail,
    });
    assert.deepEqual(replies.sort((a, b) => a - b), [2, 4, 6, 8, 10, 12, 14], `size ${size}`);
  }
});

Deno.test("runWorkerPool() starts one worker per job when the pool is larger than the jobs", async () => {
  const ids = new Set<string>();
  await runWorkerPool(
    workerUrl("const id = crypto.randomUUID(); self.onmessage = () => self.postMessage(id);"),
    [1, 2, 3],
    { size: 3, onReply: (id: string) => void ids.add(id), onWorkerError: fail },
  );
  assert.equal(ids.size, 3);
});

Deno.test("runWorkerPool() resolves at once and starts no worker when there are no jobs", async () => {
  let replies = 0;
  await runWorkerPool(workerUrl("throw new Error('started');"), [], {
    size: 4,
    onReply: () => void replies++,
    onWorkerError: fail,
  });
  assert.equal(replies, 0);
});

Deno.test("runWorkerPool() rejects with the error onReply returns and ignores later replies", async () => {
  const seen: number[] = [];
  await assert.rejects(
    () =>
      runWorkerPool(DOUBLE, [1, 2, 3, 4], {
        size: 1,
        onReply: (reply: number) => {
          seen.push(reply);
          return reply === 4 ? new RangeError("two is enough") : undefined;
        },
        onWorkerError: fail,
      }),
    (e: Error) => e instanceof RangeError && e.message === "two is enough",
  );
  assert.deepEqual(seen, [2, 4]);
});

Deno.test("runWorkerPool() rejects with onWorkerError(message) when a worker throws", async () => {
  await assert.rejects(
    () =>
      runWorkerPool(workerUrl("self.onmessage = () => { throw new Error('boom'); };"), [1, 2], {
        size: 2,
        onReply: () => undefined,
        onWorkerError: fail,
      }),
    /^Error: worker: .*boom/,
  );
});
