/**
 * The standing check of bad input: generated bad command lines and library calls must
 * be refused with exit status 2 (or the library's error), a message naming the field,
 * nothing on stdout, no file written and no stack trace. Each property runs
 * KVMSCHED_FUZZ_RUNS cases (default 200) from KVMSCHED_FUZZ_SEED (default 20100612), so
 * CI is reproducible; `deno task fuzz --budget N` runs more.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import fc from "fast-check";
import { main as simMain } from "../../lib/cli/sim.ts";
import { main as sweepMain } from "../../lib/cli/sweep.ts";
import { main as mergeMain } from "../../lib/cli/merge.ts";
import { getExperiment } from "../../lib/experiments/registry.ts";
import { runSweep } from "../../lib/experiments/sweep.ts";
import { experimentColumns } from "../../lib/experiments/run_spec_line.ts";
import { CsvError, parseCsv } from "../../lib/report/parse_csv.ts";
import { toCsv } from "../../lib/report/to_csv.ts";
import { ParamError, type ParamSpec } from "../../lib/scenarios/params.ts";
import { runScenario, SCENARIOS } from "../../lib/scenarios/registry.ts";
import { capture, hasStackTrace } from "./capture.ts";

const RUNS = Number(Deno.env.get("KVMSCHED_FUZZ_RUNS") ?? "200");
const SEED = Number(Deno.env.get("KVMSCHED_FUZZ_SEED") ?? "20100612");
const options = { numRuns: RUNS, seed: SEED, endOnFailure: true };
let cases = 0;

/** Every (scenario, spec) pair. */
const SPECS: [string, ParamSpec][] = [...SCENARIOS.values()].flatMap((s) =>
  s.params.map((p): [string, ParamSpec] => [s.name, p])
);

/** Whether `text` is a value `spec` allows (so that it is not a bad input). */
function allowed(spec: ParamSpec, text: string): boolean {
  if (spec.kind === "enum") return spec.values.includes(text);
  const pattern = spec.kind === "int" ? /^-?\d+$/ : /^-?(?:\d+(?:\.\d+)?|\.\d+)$/;
  const value = Number(text);
  return pattern.test(text) && value >= spec.min && value <= spec.max &&
    (spec.kind === "number" || Number.isInteger(value));
}

/** Text that looks like a number but is not a plain decimal one, or is out of range. */
const numberLike = fc.oneof(
  fc.integer({ min: -1000, max: 1_000_000 }).map((n) => `0x${n.toString(16)}`),
  fc.integer({ min: 0, max: 9 }).map((n) => `${n}e${n}`),
  fc.double({ noNaN: false }).map(String),
  fc.integer({ min: -1_000_000, max: -1 }).map(String),
  fc.bigInt({ min: 2n ** 53n, max: 2n ** 70n }).map(String),
  fc.constantFrom("", "-", ".", "1.", "+4", "4.0", "١٢", "Infinity", "NaN", "1_000", "4 4", "true"),
  fc.string({ maxLength: 8 }),
);

/** Asserts a refusal: exit 2, `field` named on stderr, nothing on stdout, no stack trace. */
function assertRefused(result: { code: number; stdout: string; stderr: string }, field: string) {
  assert.equal(result.code, 2, result.stderr);
  assert.ok(result.stderr.includes(field), `'${field}' not named in: ${result.stderr}`);
  assert.equal(result.stdout, "");
  assert.ok(!hasStackTrace(result.stderr), result.stderr);
}

Deno.test("fuzz: sim refuses every bad --set value with exit 2, naming the key", async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...SPECS), numberLike, async ([scenario, spec], text) => {
      fc.pre(!allowed(spec, text) && !text.includes("\n"));
      cases++;
      assertRefused(
        await capture(simMain, [scenario, "--set", `${spec.key}=${text}`]),
        `'${spec.key}'`,
      );
    }),
    options,
  );
});

/** The integer flags of sim and sweep, with the range each allows. */
const FLAGS: [string, "sim" | "sweep", number, number][] = [
  ["seed", "sim", 0, Number.MAX_SAFE_INTEGER],
  ["duration-ms", "sim", 1, 3_600_000],
  ["warmup-ms", "sim", 0, 3_600_000],
  ["seeds", "sweep", 1, 25_000],
  ["workers", "sweep", 1, 64],
  ["duration-ms", "sweep", 1, 3_600_000],
];

Deno.test("fuzz: sim and sweep refuse bad flags, repeated flags and stray arguments, writing nothing", async () => {
  const dir = await Deno.makeTempDir();
  const out = join(dir, "x.csv");
  const badFlag = fc.tuple(fc.constantFrom(...FLAGS), numberLike).filter(([[, , min, max], text]) =>
    !(/^-?\d+$/.test(text) && Number(text) >= min && Number(text) <= max)
  ).map(([[flag, command], text]) => ({
    command,
    args: [`--${flag}=${text}`],
    field: `--${flag}`,
  }));
  const repeated = fc.constantFrom(...FLAGS).map(([flag, command]) => ({
    command,
    args: [`--${flag}=1`, `--${flag}=1`],
    field: `--${flag} given twice`,
  }));
  const unknown = fc.tuple(
    fc.constantFrom("sim", "sweep"),
    fc.stringMatching(/^[a-z][a-z-]{0,12}$/),
  )
    .filter(([, name]) =>
      ![
        "seed",
        "seeds",
        "set",
        "format",
        "workers",
        "shard",
        "out",
        "duration-ms",
        "warmup-ms",
        "help",
      ].includes(name)
    )
    .map(([command, name]) => ({ command, args: [`--${name}=1`], field: `--${name}` }));
  const extra = fc.tuple(fc.constantFrom("sim", "sweep"), fc.stringMatching(/^[a-z0-9]{1,10}$/))
    .map(([command, word]) => ({ command, args: [word], field: `'${word}'` }));
  const shard = fc.oneof(
    fc.string({ maxLength: 6 }),
    fc.constantFrom("0/3", "4/3", "1/0", "1-3", "a/b", "1/3/5"),
  )
    .filter((s) =>
      !/^(\d+)\/(\d+)$/.test(s) || Number(s.split("/")[0]) < 1 ||
      Number(s.split("/")[0]) > Number(s.split("/")[1])
    )
    .map((text) => ({ command: "sweep" as const, args: [`--shard=${text}`], field: "--shard" }));
  const format = fc.string({ maxLength: 6 }).filter((f) => !["table", "json", "csv"].includes(f))
    .map((text) => ({ command: "sim" as const, args: [`--format=${text}`], field: "--format" }));
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(badFlag, repeated, unknown, extra, shard, format),
        async ({ command, args, field }) => {
          cases++;
          const result = command === "sim"
            ? await capture(
              simMain,
              ["native-pipes", ...args, "--duration-ms=1"].slice(
                0,
                args.some((a) => a.startsWith("--duration-ms")) ? -1 : undefined,
              ),
            )
            : await capture(sweepMain, ["native-pipes", ...args, "--out", out]);
          assertRefused(result, field);
          assert.deepEqual([...Deno.readDirSync(dir)], [], "nothing written");
        },
      ),
      options,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** Values of the wrong type or out of range, as data. */
const badData = fc.oneof(
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 2 }),
  fc.record({ value: fc.integer() }),
  fc.constantFrom(NaN, Infinity, -Infinity, -1, 1e9, 2.5, -0.5),
);

Deno.test("fuzz: runScenario() refuses bad values given as data, naming the key, before running", async () => {
  await fc.assert(
    fc.property(fc.constantFrom(...SPECS), badData, ([scenario, spec], value) => {
      if (typeof value === "number" && spec.kind !== "enum") {
        fc.pre(
          !(value >= spec.min && value <= spec.max &&
            (spec.kind === "number" || Number.isInteger(value))),
        );
      }
      cases++;
      assert.throws(
        () => runScenario(scenario, { [spec.key]: value }, { durationMs: 1, warmupMs: 0 }),
        (e: Error) => e instanceof ParamError && e.message.includes(`'${spec.key}'`),
      );
    }),
    options,
  );
});

/** A damage to one row of a CSV text, and the line it is on. */
const damages = ["drop a cell", "add a cell", "open a quote", "stray quote"] as const;

Deno.test("fuzz: parseCsv() refuses a damaged row, naming its line", async () => {
  const cell = fc.oneof(fc.integer().map(String), fc.stringMatching(/^[a-z ,"\n]{0,6}$/));
  await fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 5 }).chain((width) =>
        fc.tuple(
          fc.array(fc.array(cell, { minLength: width, maxLength: width }), {
            minLength: 1,
            maxLength: 6,
          }),
          fc.constant(width),
        )
      ),
      fc.nat(),
      fc.constantFrom(...damages),
      ([cells, width], pick, damage) => {
        const columns = Array.from({ length: width }, (_, i) => `c${i}`);
        const rows = cells.map((r) => Object.fromEntries(r.map((v, i) => [`c${i}`, v])));
        const text = toCsv(rows, columns);
        // Damage one row whose cells hold no quote or line break, so its line is plain.
        const plain = cells.map((r, i) => [r, i] as const).filter(([r]) =>
          r.every((v) => !/[",\n]/.test(v))
        );
        fc.pre(plain.length > 0);
        const [row, index] = plain[pick % plain.length]!;
        const lines = text.split("\n");
        // The header is line 1; each row takes one line more than its line breaks.
        const line = 2 +
          cells.slice(0, index).reduce((n, r) => n + r.join("").split("\n").length, 0);
        const at = line - 1;
        // An opened quote runs to the next quote: keep it the last one in the text.
        fc.pre(damage !== "open a quote" || !lines.slice(at + 1).join("\n").includes('"'));
        const edited = damage === "drop a cell"
          ? row.slice(1).join(",")
          : damage === "add a cell"
          ? `${row.join(",")},x`
          : damage === "open a quote"
          ? `"${row.join(",")}`
          : `${row.join(",")}x"y`;
        assert.equal(lines[at], row.join(","), "the damaged row is on its line");
        lines[at] = edited;
        cases++;
        assert.throws(
          () => parseCsv(lines.join("\n"), { source: "f.csv" }),
          (e: Error) => e instanceof CsvError && e.source === "f.csv" && e.line === line,
        );
      },
    ),
    options,
  );
});

Deno.test("fuzz: merge refuses a shard with a damaged row, naming file and line, writing nothing", async () => {
  const quick = { ...getExperiment("native-pipes"), durationMs: 5, warmupMs: 1 };
  const dir = await Deno.makeTempDir();
  try {
    const shards = [join(dir, "s1.csv"), join(dir, "s2.csv")];
    await runSweep(quick, { seeds: 1, shard: "1/2", out: shards[0]! });
    await runSweep(quick, { seeds: 1, shard: "2/2", out: shards[1]! });
    const clean = await Deno.readTextFile(shards[1]!);
    const columns = experimentColumns(quick);
    const out = join(dir, "merged.csv");
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 21 }),
        fc.integer({ min: 0, max: columns.length - 1 }),
        fc.oneof(numberLike, fc.constantFrom("", '"', "x,y")),
        async (line, column, text) => {
          const lines = clean.split("\n");
          const cells = lines[line - 1]!.split(",");
          fc.pre(
            cells[column] !== text && !text.includes("\n") &&
              !(text === "" && cells[column] === ""),
          );
          // An empty metric cell is a valid (undefined) metric; a number written as sweeps write it too.
          fc.pre(!(column >= 7 + 6 && (text === "" || String(Number(text)) === text)));
          cells[column] = text;
          lines[line - 1] = cells.join(",");
          await Deno.writeTextFile(shards[1]!, lines.join("\n"));
          cases++;
          const result = await capture(mergeMain, [
            "native-pipes",
            "--seeds=1",
            "--duration-ms=5",
            "--warmup-ms=1",
            "--out",
            out,
            ...shards,
          ]);
          assertRefused(result, `s2.csv:${line}`);
          assert.throws(() => Deno.statSync(out), Deno.errors.NotFound);
        },
      ),
      options,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("fuzz: the number of cases run", () => {
  assert.ok(cases >= 5 * Math.min(RUNS, 50), `only ${cases} cases ran`);
  console.log(`fuzz: ${cases} cases, ${RUNS} per property, seed ${SEED}`);
});
