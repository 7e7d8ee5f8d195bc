import assert from "node:assert/strict";
import { type Notebook, parseNotebook } from "../../lib/notebook/notebook.ts";
import { LANGUAGE_INFO, normalizeNotebook } from "../../lib/notebook/normalize_notebook.ts";
import { serializeNotebook } from "../../lib/notebook/serialize_notebook.ts";

const raw: Notebook = {
  cells: [
    { cell_type: "markdown", id: "intro", source: ["# Title\n", "text"], metadata: {} },
    {
      cell_type: "code",
      source: "console.log(1)",
      metadata: { execution: { "iopub.execute_input": "2026-01-01T00:00:00Z" }, tags: ["x"] },
      execution_count: 1,
      outputs: [
        { output_type: "stream", name: "stdout", text: ["\u001b[33m1\u001b[39m\n"] },
        {
          output_type: "execute_result",
          data: { "text/plain": "\u001b[1mbold\u001b[22m\nline", "image/png": "AAAA" },
          metadata: {},
          execution_count: 1,
          transient: { display_id: "x" },
        },
      ],
    },
    { cell_type: "code", id: "intro", source: "", metadata: {}, outputs: [] },
  ],
  metadata: {
    kernelspec: { name: "deno", display_name: "Deno 2.9.6", language: "typescript" },
    language_info: { name: "typescript", version: "5.9.2" },
    widgets: {},
    custom: 1,
  },
  nbformat: 4,
  nbformat_minor: 4,
};

Deno.test("normalizeNotebook() strips colours, timings and machine-dependent metadata", () => {
  const nb = normalizeNotebook(raw);
  const code = nb.cells[1];
  assert.deepEqual(code?.metadata, { tags: ["x"] });
  assert.equal(code?.outputs?.[0]?.text, "1\n");
  assert.deepEqual(code?.outputs?.[1]?.data, { "text/plain": "bold\nline", "image/png": "AAAA" });
  assert.equal(code?.outputs?.[1]?.transient, undefined);
  assert.deepEqual(nb.metadata.language_info, LANGUAGE_INFO);
  assert.equal((nb.metadata.kernelspec as { display_name: string }).display_name, "Deno");
  assert.equal(nb.metadata.widgets, undefined);
  assert.equal(nb.metadata.custom, 1);
  assert.equal(nb.nbformat_minor, 5);
});

Deno.test("normalizeNotebook() keeps valid ids and gives the others stable, unique ones", () => {
  const nb = normalizeNotebook(raw);
  assert.deepEqual(nb.cells.map((c) => c.id), ["intro", "cell-1", "cell-2"]);
  assert.equal(raw.cells[1]?.id, undefined, "the argument is not changed");
});

Deno.test("serializeNotebook() of a normalised notebook is a fixed point", () => {
  const once = serializeNotebook(normalizeNotebook(raw));
  const twice = serializeNotebook(normalizeNotebook(parseNotebook(once)));
  assert.equal(twice, once);
  assert.ok(once.endsWith("}\n"));
  assert.ok(!once.includes("\u001b"));
});

Deno.test("serializeNotebook() lays out JSON as nbformat does", () => {
  const text = serializeNotebook(normalizeNotebook(raw));
  // One-space indent, sorted keys, lines split after each newline.
  assert.ok(text.startsWith('{\n "cells": [\n  {\n   "cell_type": "markdown",\n   "id": "intro",'));
  assert.ok(text.includes('"text/plain": [\n       "bold\\n",\n       "line"\n      ]'));
  assert.ok(text.includes('"image/png": "AAAA"'));
  assert.ok(text.includes('"source": []'));
});

Deno.test("parseNotebook() rejects what is not an nbformat 4 notebook", () => {
  assert.throws(() => parseNotebook("{", "x.ipynb"), /Cannot read x.ipynb as it is not JSON/);
  assert.throws(() => parseNotebook('{"nbformat": 3, "cells": []}'), /nbformat 4/);
});
