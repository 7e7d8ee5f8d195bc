import assert from "node:assert/strict";
import { toCsv } from "../../lib/report/to_csv.ts";
import { parseCsv } from "../../lib/report/parse_csv.ts";
import { writeCsv } from "../../lib/report/write_csv.ts";
import { readCsv } from "../../lib/report/read_csv.ts";

Deno.test("toCsv() writes numbers as their shortest round-trip decimal", () => {
  const text = toCsv([{ a: 0.1 + 0.2, b: 1e-7, c: -0, d: 1e21, e: NaN, f: -Infinity }]);
  assert.equal(text, "a,b,c,d,e,f\n0.30000000000000004,1e-7,0,1e+21,NaN,-Infinity\n");
});

Deno.test("toCsv() quotes, fills empty cells and follows the given columns", () => {
  const rows = [{ name: 'say "hi", ok', flag: true }, { name: "line\nbreak", extra: null }];
  assert.equal(
    toCsv(rows),
    'name,flag,extra\n"say ""hi"", ok",true,\n"line\nbreak",,\n',
  );
  assert.equal(toCsv(rows, ["flag"]), "flag\ntrue\n\n");
  assert.equal(toCsv([], ["a", "b"]), "a,b\n");
});

Deno.test("toCsv() names the row and column of a value it cannot write", () => {
  assert.throws(
    () => toCsv([{ a: 1 }, { a: { nested: true } as never }]),
    /Cannot format CSV as 'rows\[1\]\.a' must be a string, number, boolean, null or undefined/,
  );
});

Deno.test("parseCsv() types cells and keeps the header's order", () => {
  const rows = parseCsv("\ufeffz,a,b,c,d\n1.5e3,true,,x,-Infinity\n");
  assert.deepEqual(rows.columns, ["z", "a", "b", "c", "d"]);
  assert.deepEqual(rows[0], { z: 1500, a: true, b: null, c: "x", d: -Infinity });
});

Deno.test("writeCsv() and readCsv() round-trip every value exactly", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const rows = [
      { seed: 1, rho: 0.1, mean: 1 / 9, ok: true, label: "a,b" },
      { seed: 2, rho: 0.9, mean: 8.999999999999998, ok: false, label: null },
    ];
    const path = `${dir}/sub/results.csv`;
    await writeCsv(path, rows);
    const back = await readCsv(path);
    assert.deepEqual([...back], rows);
    assert.deepEqual(back.columns, ["seed", "rho", "mean", "ok", "label"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeCsv() leaves no file when a value is bad mid-way", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const rows = [{ a: 1 }, { a: 2 }, { a: (() => 3) as never }, { a: 4 }];
    await assert.rejects(writeCsv(`${dir}/out.csv`, rows), TypeError);
    assert.deepEqual([...Deno.readDirSync(dir)], []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeCsv() keeps the old file and no temporary when the rename fails", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/taken.csv/inner`, { recursive: true }); // a non-empty directory
    await assert.rejects(writeCsv(`${dir}/taken.csv`, [{ a: 1 }]));
    const names = [...Deno.readDirSync(dir)].map((e) => e.name);
    assert.deepEqual(names, ["taken.csv"]);
    await writeCsv(`${dir}/ok.csv`, [{ a: 1 }]);
    await writeCsv(`${dir}/ok.csv`, [{ a: 2 }]);
    assert.equal(await Deno.readTextFile(`${dir}/ok.csv`), "a\n2\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
