/**
 * Reading an experiment's data file for a notebook: strictly, and checked against the
 * experiment, so that a damaged or foreign file fails with the file and line named
 * instead of showing as `NaN` in a figure.
 *
 * @module
 */

import { join } from "node:path";
import { PROJECT_ROOT } from "../project_root.ts";
import { CsvError, type CsvTable, parseCsvCell, parseCsvRecords } from "../report/parse_csv.ts";
import type { CsvCell } from "../report/parse_csv.ts";
import { diagnoseRunCells } from "./check_run_line.ts";
import { expandRuns } from "./experiment.ts";
import { getExperiment } from "./registry.ts";
import { experimentColumns } from "./run_spec_line.ts";

/** Options of {@linkcode readExperimentCsv}. */
export interface ReadExperimentCsvOptions {
  /** The folder that holds the experiment's file. @default the project's data/ */
  readonly dir?: string;
  /** Seeds per grid point the file was swept with. @default the experiment's */
  readonly seeds?: number;
}

/**
 * Reads the data file of the experiment called `name` (`data/<its output>`) as typed
 * rows, after checking it: the header is the experiment's columns, every line is a
 * complete, well-formed row of one of its runs (see `checkRunLine`), and every run is
 * there exactly once.
 *
 * @throws {CsvError} naming the file and line of the first problem, or the missing
 * runs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readExperimentCsv } from "./read_experiment_csv.ts";
 * const rows = await readExperimentCsv("native-pipes");
 * assert.equal(rows.length, 120);
 * assert.equal(typeof rows[0]?.throughputRps, "number");
 * ```
 */
export async function readExperimentCsv(
  name: string,
  options: ReadExperimentCsvOptions = {},
): Promise<CsvTable> {
  const experiment = getExperiment(name);
  const { dir = join(PROJECT_ROOT, "data"), seeds = experiment.seeds } = options;
  const path = join(dir, experiment.output);
  const records = parseCsvRecords(await Deno.readTextFile(path), path);
  const columns = experimentColumns(experiment);
  const header = records.shift();
  if (header === undefined) throw new CsvError(path, 0, "empty: no header line");
  if (header.cells.join("\u0000") !== columns.join("\u0000")) {
    throw new CsvError(path, 1, `the columns are not those of experiment '${name}'`);
  }
  const specs = expandRuns(experiment, seeds);
  const seen = new Map<number, number>();
  const rows: Record<string, CsvCell>[] = [];
  for (const { cells, line } of records) {
    const index = Number(cells[0]);
    const problem = diagnoseRunCells(experiment, columns, cells, specs[index]);
    if (problem !== null) throw new CsvError(path, line, problem.message);
    const first = seen.get(index);
    if (first !== undefined) {
      throw new CsvError(path, line, `run ${index} appears again (first on line ${first})`);
    }
    seen.set(index, line);
    const row: Record<string, CsvCell> = {};
    columns.forEach((column, i) => row[column] = parseCsvCell(cells[i] as string));
    rows.push(row);
  }
  const missing = specs.filter((s) => !seen.has(s.index)).map((s) => s.index);
  if (missing.length > 0) {
    const shown = missing.slice(0, 20).join(", ") + (missing.length > 20 ? ", ..." : "");
    throw new CsvError(
      path,
      0,
      `${missing.length} of ${specs.length} runs of '${name}' are missing: ${shown}`,
    );
  }
  return Object.assign(rows, { columns });
}
