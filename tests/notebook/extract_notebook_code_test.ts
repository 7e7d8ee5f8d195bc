import assert from "node:assert/strict";
import { cellAt, extractNotebookCode } from "../../lib/notebook/extract_notebook_code.ts";
import type { Notebook } from "../../lib/notebook/notebook.ts";

const notebook = (sources: string[]): Notebook => ({
  cells: sources.map((source, i) =>
    i % 2 === 0
      ? { cell_type: "code", source, metadata: {}, outputs: [], execution_count: null }
      : { cell_type: "markdown", source, metadata: {} }
  ),
  metadata: {},
  nbformat: 4,
  nbformat_minor: 5,
});

Deno.test("extractNotebookCode() rewrites relative imports for a deeper module", () => {
  const { code } = extractNotebookCode(
    notebook([
      'import { a } from "./a.ts";\nimport "../b.ts";\nconst c = await import("../c.ts");\nimport x from "npm:x";',
    ]),
    { depth: 1 },
  );
  assert.equal(
    code,
    '// cell 0\nimport { a } from ".././a.ts";\nimport "../../b.ts";\n' +
      'const c = await import("../../c.ts");\nimport x from "npm:x";\nexport {};\n',
  );
});

Deno.test("extractNotebookCode() maps module lines back to cells", () => {
  const { code, cells } = extractNotebookCode(notebook(["a\nb", "# md", "c\n"]));
  assert.deepEqual(cells, [{ cell: 0, line: 2 }, { cell: 2, line: 5 }]);
  assert.equal(code.split("\n")[4], "c");
  assert.deepEqual(cellAt(cells, 3), { cell: 0, line: 2 });
  assert.deepEqual(cellAt(cells, 5), { cell: 2, line: 1 });
});
