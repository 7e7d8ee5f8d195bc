/**
 * The README's results table computed from data/: each claim of {@linkcode CLAIMS}
 * answered from the CSV files of the experiments it names, which
 * {@linkcode claimSources} finds in `EXPERIMENTS` with the command that regenerates them.
 *
 * @module
 */

import { join } from "node:path";
import type { CsvTable } from "../report/parse_csv.ts";
import { readCsv } from "../report/read_csv.ts";
import type { ResultRow } from "../report/results_table.ts";
import { type Claim, CLAIMS } from "./claims.ts";
import type { Experiment } from "./experiment.ts";
import { getExperiment } from "./registry.ts";

/** Where a claim's numbers come from, derived from `EXPERIMENTS`. */
export interface ClaimSources {
  /** The experiments the claim names, in order. */
  readonly experiments: readonly Experiment[];
  /** Their CSV files under data/. */
  readonly files: readonly string[];
  /** The commands that regenerate the files, joined by `; `. */
  readonly command: string;
}

/**
 * The experiments, files and command behind `claim`.
 *
 * @throws {RangeError} when the claim names an experiment missing from
 * `EXPERIMENTS`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { claimSources } from "./results_rows.ts";
 * const sources = claimSources({
 *   claim: "c", thread: "t", experiments: ["mitigations", "mitigations-2x2"], model: () => "m",
 * });
 * assert.deepEqual(sources.files, ["mitigations.csv", "mitigations_2x2.csv"]);
 * assert.equal(sources.command, "deno task sweep mitigations; deno task sweep mitigations-2x2");
 * ```
 */
export function claimSources(claim: Claim): ClaimSources {
  const experiments = claim.experiments.map((name) => getExperiment(name));
  return {
    experiments,
    files: experiments.map((e) => e.output),
    command: experiments.map((e) => `deno task sweep ${e.name}`).join("; "),
  };
}

/**
 * The results table: every claim of `claims` answered from the CSV files under
 * `dataDir` (each file read once).
 *
 * @throws {Error} when a file is missing (run `deno task reproduce`), or a claim names an
 * unknown experiment.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resultsRows } from "./results_rows.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/native_pipes.csv`, "throughputRps\n10\n12\n");
 * const rows = await resultsRows(dir, [{
 *   claim: "c", thread: "t", experiments: ["native-pipes"],
 *   model: (pipes) => `${pipes.length} runs`,
 * }]);
 * assert.deepEqual(rows, [
 *   { claim: "c", thread: "t", model: "2 runs", command: "deno task sweep native-pipes" },
 * ]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function resultsRows(
  dataDir: string,
  claims: readonly Claim[] = CLAIMS,
): Promise<ResultRow[]> {
  const tables = new Map<string, CsvTable>();
  const rows: ResultRow[] = [];
  for (const claim of claims) {
    const { experiments, command } = claimSources(claim);
    const data: CsvTable[] = [];
    for (const e of experiments) {
      let table = tables.get(e.name);
      if (table === undefined) {
        table = await readCsv(join(dataDir, e.output));
        tables.set(e.name, table);
      }
      data.push(table);
    }
    rows.push({
      claim: typeof claim.claim === "string" ? claim.claim : claim.claim(...data),
      thread: claim.thread,
      model: claim.model(...data),
      command,
    });
  }
  return rows;
}
