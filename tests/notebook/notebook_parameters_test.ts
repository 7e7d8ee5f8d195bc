import assert from "node:assert/strict";
import type { Notebook } from "../../lib/notebook/notebook.ts";
import {
  findParameters,
  injectParameters,
  NotebookParameterError,
  parseParameterArgs,
} from "../../lib/notebook/notebook_parameters.ts";

function notebook(...cells: { source: string; tags?: string[] }[]): Notebook {
  return {
    cells: cells.map(({ source, tags }, i) => ({
      cell_type: "code" as const,
      id: `c${i}`,
      source,
      metadata: tags === undefined ? {} : { tags },
      outputs: [],
      execution_count: null,
    })),
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  };
}

const KNOBS = [
  "// the knobs",
  "const seed = 1; // run seed",
  'const guest = "windows2003";',
  "const traced = true;",
  "const loads = [0.5, 0.9]; // offered loads",
  'const url = "http://host/a;b"; // a string with // and ;',
].join("\n");

Deno.test("findParameters() reads each constant's name, type and value from the tagged cell", () => {
  const found = findParameters(
    notebook({ source: "import {} from 'x';" }, { source: KNOBS, tags: ["parameters"] }),
  );
  assert.equal(found?.cell, 1);
  assert.deepEqual(found?.parameters, [
    { name: "seed", type: "number", value: 1 },
    { name: "guest", type: "string", value: "windows2003" },
    { name: "traced", type: "boolean", value: true },
    { name: "loads", type: "number[]", value: [0.5, 0.9] },
    { name: "url", type: "string", value: "http://host/a;b" },
  ]);
});

Deno.test("findParameters() returns undefined when no cell is tagged parameters", () => {
  assert.equal(findParameters(notebook({ source: "const seed = 1;" })), undefined);
});

Deno.test("findParameters() rejects a parameters cell with code other than constants", () => {
  const nb = notebook({ source: "const seed = 1;\nconst d = seed * 2;", tags: ["parameters"] });
  assert.throws(() => findParameters(nb, "demo"), /current line is "const d = seed \* 2;"/);
  const two = notebook({ source: "const a = 1;", tags: ["parameters"] }, {
    source: "const b = 1;",
    tags: ["parameters"],
  });
  assert.throws(() => findParameters(two), /one cell only may be tagged 'parameters'/);
});

Deno.test("parseParameterArgs() types each value by the constant it replaces", () => {
  const found = findParameters(notebook({ source: KNOBS, tags: ["parameters"] }));
  assert.deepEqual(
    parseParameterArgs(found, ["seed=7", "guest=linux-pv", "traced=false", "loads=[0.1,0.2]"]),
    { seed: 7, guest: "linux-pv", traced: false, loads: [0.1, 0.2] },
  );
});

Deno.test("parseParameterArgs() refuses unknown keys and wrong types, naming key, value and what is allowed", () => {
  const found = findParameters(notebook({ source: KNOBS, tags: ["parameters"] }));
  const refused = (args: string[], message: RegExp) =>
    assert.throws(() => parseParameterArgs(found, args, "demo"), (error: Error) => {
      assert.ok(error instanceof NotebookParameterError);
      assert.match(error.message, message);
      return true;
    });
  refused(
    ["sed=2"],
    /^Cannot run demo as 'sed' is not a parameter: allowed are seed \(number\), guest \(string\)/,
  );
  refused(["seed=two"], /parameter 'seed' must be a number: current value is "two"/);
  refused(["traced=yes"], /parameter 'traced' must be true or false: current value is "yes"/);
  refused(['loads=[1,"a"]'], /parameter 'loads' must be a JSON array of numbers/);
  refused(["seed"], /--param must be key=value: current value is "seed"/);
  refused(["seed=1", "seed=2"], /parameter 'seed' is given twice/);
  assert.throws(
    () => parseParameterArgs(undefined, ["seed=1"], "demo"),
    /demo has no cell tagged 'parameters', so it takes no parameters/,
  );
});

Deno.test("injectParameters() inserts a tagged cell right after the parameters cell and changes nothing else", () => {
  const nb = notebook({ source: "import {} from 'x';" }, { source: KNOBS, tags: ["parameters"] }, {
    source: "seed",
  });
  const found = findParameters(nb);
  assert.ok(found !== undefined);
  const injected = injectParameters(nb, found, { seed: 3, loads: [0.2] });
  assert.equal(injected.cells.length, 4);
  assert.deepEqual(injected.cells[2]?.metadata, { tags: ["injected-parameters"] });
  assert.equal(
    injected.cells[2]?.source,
    "// Parameters injected by `deno task notebooks run`\nconst seed = 3;\nconst loads = [0.2];",
  );
  assert.deepEqual([injected.cells[0], injected.cells[1], injected.cells[3]], nb.cells);
  assert.equal(nb.cells.length, 3, "the notebook given is not changed");
});
