import assert from "node:assert/strict";
import fc from "fast-check";
import { EventQueue, type QueueEntry } from "../../lib/engine/event_queue.ts";

interface Entry extends QueueEntry {
  name: number;
}

function entry(name: number): Entry {
  return { name, time: 0, key: -1 };
}

Deno.test("EventQueue.pop() returns entries in (time, priority, insertion) order", () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 3 })), {
        maxLength: 200,
      }),
      (items) => {
        const queue = new EventQueue<Entry>();
        items.forEach(([time, priority], i) => queue.push(entry(i), time, priority));
        const expected = items
          .map(([time, priority], i) => ({ time, priority, i }))
          .sort((a, b) => a.time - b.time || a.priority - b.priority || a.i - b.i)
          .map((x) => x.i);
        const popped: number[] = [];
        for (let e = queue.pop(); e !== undefined; e = queue.pop()) popped.push(e.name);
        assert.deepEqual(popped, expected);
      },
    ),
  );
});

Deno.test("EventQueue.remove() and re-push keep the heap ordered", () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          op: fc.constantFrom("push", "remove", "pop"),
          target: fc.integer({ min: 0, max: 15 }),
          time: fc.integer({ min: 0, max: 1000 }),
        }),
        { maxLength: 300 },
      ),
      (ops) => {
        const queue = new EventQueue<Entry>();
        const entries = Array.from({ length: 16 }, (_, i) => entry(i));
        // A model: the set of queued entries with their (time, insertion) order.
        const model = new Map<number, [number, number]>();
        let seq = 0;
        for (const { op, target, time } of ops) {
          const e = entries[target]!;
          if (op === "push") {
            queue.push(e, time, 1);
            model.set(target, [time, seq++]);
          } else if (op === "remove") {
            assert.equal(queue.remove(e), model.delete(target));
          } else {
            const best = [...model.entries()].sort((a, b) =>
              a[1][0] - b[1][0] || a[1][1] - b[1][1]
            )[0];
            const popped = queue.pop();
            assert.equal(popped?.name, best?.[0]);
            if (best) model.delete(best[0]);
          }
          assert.equal(queue.size, model.size);
        }
      },
    ),
  );
});
