import assert from "node:assert/strict";
import { Priority, Signal, Simulation } from "../../lib/engine/simulation.ts";

Deno.test("Simulation.run() fires events in time order and advances the clock", () => {
  const sim = new Simulation();
  const log: string[] = [];
  sim.after(30, () => log.push(`c@${sim.now}`));
  sim.after(10, () => log.push(`a@${sim.now}`));
  sim.after(20, () => log.push(`b@${sim.now}`));
  sim.run();
  assert.deepEqual(log, ["a@10", "b@20", "c@30"]);
  assert.equal(sim.now, 30);
  assert.equal(sim.eventsProcessed, 3);
});

Deno.test("Simulation.run() orders equal-time events by priority, then insertion", () => {
  const sim = new Simulation();
  const log: string[] = [];
  sim.at(5, () => log.push("normal-1"));
  sim.at(5, () => log.push("late"), { priority: Priority.LATE });
  sim.at(5, () => log.push("normal-2"));
  sim.at(5, () => log.push("urgent"), { priority: Priority.URGENT });
  sim.run();
  assert.deepEqual(log, ["urgent", "normal-1", "normal-2", "late"]);
});

Deno.test("Simulation.run() runs an event scheduled for now after those already queued", () => {
  const sim = new Simulation();
  const log: string[] = [];
  sim.at(5, () => {
    log.push("first");
    sim.after(0, () => log.push("spawned"));
  });
  sim.at(5, () => log.push("second"));
  sim.run();
  assert.deepEqual(log, ["first", "second", "spawned"]);
});

Deno.test("Timer.cancel() prevents the callback and reports whether it was armed", () => {
  const sim = new Simulation();
  const log: number[] = [];
  const timer = sim.after(10, () => log.push(sim.now));
  sim.after(5, () => assert.equal(timer.cancel(), true));
  sim.run();
  assert.deepEqual(log, []);
  assert.equal(timer.armed, false);
  assert.equal(timer.cancel(), false);
});

Deno.test("Timer.at() moves an armed timer instead of duplicating it", () => {
  const sim = new Simulation();
  const log: number[] = [];
  const timer = sim.timer(() => log.push(sim.now));
  timer.at(100);
  timer.at(40);
  timer.after(70);
  assert.equal(sim.pending, 1);
  sim.run();
  assert.deepEqual(log, [70]);
});

Deno.test("Timer.at() re-armed to the same instant runs after events queued before", () => {
  const sim = new Simulation();
  const log: string[] = [];
  const a = sim.at(10, () => log.push("a"));
  sim.at(10, () => log.push("b"));
  a.at(10); // counts as a new insertion
  sim.run();
  assert.deepEqual(log, ["b", "a"]);
});

Deno.test("Simulation.run() with untilNs stops before events due then and sets the clock", () => {
  const sim = new Simulation();
  const log: number[] = [];
  sim.at(10, () => log.push(10));
  sim.at(20, () => log.push(20));
  sim.run({ untilNs: 20 });
  assert.deepEqual(log, [10]);
  assert.equal(sim.now, 20);
  sim.run({ untilNs: 25 });
  assert.deepEqual(log, [10, 20]);
  assert.equal(sim.now, 25);
});

Deno.test("Simulation.stop() ends the run after the current event", () => {
  const sim = new Simulation();
  const log: number[] = [];
  sim.at(1, () => {
    log.push(1);
    sim.stop();
  });
  sim.at(2, () => log.push(2));
  sim.run();
  assert.deepEqual(log, [1]);
  assert.equal(sim.pending, 1);
});

Deno.test("Timer.after() refuses negative, fractional and NaN delays without touching the queue", () => {
  const sim = new Simulation();
  const timer = sim.timer(() => {});
  assert.throws(() => timer.after(-5), {
    name: "RangeError",
    message: /'delayNs'.*current value is -5/,
  });
  assert.throws(() => timer.after(1.5), { name: "RangeError", message: /current value is 1.5/ });
  assert.throws(() => timer.after(NaN), { name: "RangeError", message: /current value is NaN/ });
  assert.throws(() => timer.after("5" as unknown as number), { name: "TypeError" });
  assert.equal(sim.pending, 0);
});

Deno.test("Timer.at() refuses an instant in the past", () => {
  const sim = new Simulation();
  sim.at(50, () => {
    assert.throws(() => sim.at(49, () => {}), {
      name: "RangeError",
      message: /in the past \(now is 50\): current value is 49/,
    });
  });
  sim.run();
  assert.equal(sim.pending, 0);
});

Deno.test("Simulation.timer() refuses a priority outside 0..255", () => {
  const sim = new Simulation();
  assert.throws(() => sim.timer(() => {}, { priority: 256 }), {
    name: "RangeError",
    message: /'priority'.*current value is 256/,
  });
});

Deno.test("Simulation.run() leaves the queue consistent when a callback throws", () => {
  const sim = new Simulation();
  const log: number[] = [];
  sim.at(1, () => {
    throw new Error("boom");
  });
  sim.at(2, () => log.push(2));
  assert.throws(() => sim.run(), { message: "boom" });
  sim.run();
  assert.deepEqual(log, [2]);
});

Deno.test("Simulation.process() interleaves processes like SimPy", () => {
  const sim = new Simulation();
  const log: string[] = [];
  const clock = (name: string, tick: number) =>
    function* () {
      for (let i = 0; i < 3; i++) {
        log.push(`${name}@${sim.now}`);
        yield tick;
      }
    };
  sim.process(clock("fast", 5));
  sim.process(clock("slow", 10));
  sim.run();
  // At 10 both wake: slow armed its timer first (at 0), fast only at 5.
  assert.deepEqual(log, ["fast@0", "slow@0", "fast@5", "slow@10", "fast@10", "slow@20"]);
});

Deno.test("Signal.fire() resumes waiting processes in order with the value", () => {
  const sim = new Simulation();
  const ready = new Signal<number>(sim);
  const log: string[] = [];
  for (const name of ["a", "b"]) {
    sim.process(function* () {
      const value = yield ready;
      log.push(`${name}:${String(value)}@${sim.now}`);
    });
  }
  sim.process(function* () {
    yield 4;
    assert.equal(ready.waiting, 2);
    ready.fire(9);
  });
  sim.run();
  assert.deepEqual(log, ["a:9@4", "b:9@4"]);
});

Deno.test("Simulation.process() refuses a step that is neither a delay nor waitable", () => {
  const sim = new Simulation();
  sim.process(function* () {
    yield "soon" as unknown as number;
  });
  assert.throws(() => sim.run(), { name: "TypeError", message: /yielded soon/ });
});
