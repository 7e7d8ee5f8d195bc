import assert from "node:assert/strict";
import { join } from "node:path";
import { readExperimentCsv } from "../../lib/experiments/read_experiment_csv.ts";
import { getExperiment } from "../../lib/experiments/registry.ts";
import { readCsv } from "../../lib/report/read_csv.ts";
import { CsvError } from "../../lib/report/parse_csv.ts";
import { PROJECT_ROOT } from "../../lib/project_root.ts";

const pipes = getExperiment("native-pipes");
const original = Deno.readTextFileSync(join(PROJECT_ROOT, "data", pipes.output));

/** Writes `text` as native-pipes' data file in a fresh folder and reads it. */
async function readPipes(text: string): Promise<unknown> {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, pipes.output), text);
    return await readExperimentCsv("native-pipes", { dir });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("readExperimentCsv() reads a data file as readCsv() does when it is whole", async () => {
  const rows = await readExperimentCsv("native-pipes");
  const plain = await readCsv(join(PROJECT_ROOT, "data", pipes.output));
  assert.deepEqual([...rows], [...plain]);
  assert.deepEqual(rows.columns, plain.columns);
});

Deno.test("readExperimentCsv() fails on a damaged data file, naming the file, line and problem", async () => {
  const lines = original.split("\n");
  const column = lines[0]!.split(",").indexOf("throughputRps");
  const cases: [(l: string[]) => void, RegExp][] = [
    [
      (l) => l[5] = l[5]!.replace(/,[^,]*$/, ""),
      /native_pipes\.csv:6: \d+ cells where the header has/,
    ],
    [(l) => {
      const cells = l[7]!.split(",");
      cells[column] = "";
      cells[column] = "fast";
      l[7] = cells.join(",");
    }, /native_pipes\.csv:8: metric 'throughputRps' is 'fast'/],
    [
      (l) => l[0] = l[0]!.replace("throughputRps", "rps"),
      /native_pipes\.csv:1: the columns are not those of experiment 'native-pipes'/,
    ],
    [(l) => l.splice(9, 1), /native_pipes\.csv: 1 of 120 runs of 'native-pipes' are missing: 8$/],
    [
      (l) => l.splice(9, 0, l[9]!),
      /native_pipes\.csv:11: run 8 appears again \(first on line 10\)/,
    ],
    [
      (l) => l[3] = l[3]!.replace(",native-pipes,", ",coscheduling,"),
      /native_pipes\.csv:4: 'experiment' is 'coscheduling'/,
    ],
  ];
  for (const [edit, pattern] of cases) {
    const copy = [...lines];
    edit(copy);
    await assert.rejects(
      readPipes(copy.join("\n")),
      (e: Error) => e instanceof CsvError && pattern.test(e.message),
      String(pattern),
    );
  }
});
