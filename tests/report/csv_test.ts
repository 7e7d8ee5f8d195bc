import assert from "node:assert/strict";
import { toCsv } from "../../lib/report/to_csv.ts";
import { CsvError, parseCsv } from "../../lib/report/parse_csv.ts";
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

Deno.test("readCsv() refuses damaged files, naming the file and the line", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const cases: [string, RegExp][] = [
      ["a,b\n1,2\n3\n", /bad\.csv:3: 1 cell where the header has 2/],
      ["a,b\n1,2,3\n", /bad\.csv:2: 3 cells where the header has 2/],
      ["a,b,a\n1,2,3\n", /bad\.csv:1: column 'a' appears twice/],
      ['a,b\n1,2\n"3,4\n5,6\n', /bad\.csv:3: unclosed quote/],
      ['a,b\n1,x"y\n', /bad\.csv:2: a quote inside an unquoted cell/],
      ['a,b\n"1"2,3\n', /bad\.csv:2: text after a closing quote/],
      ["", /bad\.csv: empty: no header line/],
    ];
    for (const [text, pattern] of cases) {
      await Deno.writeTextFile(`${dir}/bad.csv`, text);
      await assert.rejects(
        readCsv(`${dir}/bad.csv`),
        (e: Error) => e instanceof CsvError && pattern.test(e.message),
        JSON.stringify(text),
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parseCsv() accepts a byte-order mark and CRLF line ends, and counts lines inside quoted cells", () => {
  const rows = parseCsv('\ufeffa,b\r\n1,"x\r\ny"\r\n2,z\r\n');
  assert.deepEqual(rows.columns, ["a", "b"]);
  assert.deepEqual([...rows], [{ a: 1, b: "x\r\ny" }, { a: 2, b: "z" }]);
  assert.throws(() => parseCsv('a,b\r\n1,"x\r\ny"\r\n2\r\n', { source: "f" }), /f:4: 1 cell/);
  assert.deepEqual([...parseCsv("a,b\n1,2")], [{ a: 1, b: 2 }], "a last line without its newline");
});

Deno.test("parseCsv() checks the expected columns, and reads leniently only when asked", () => {
  assert.throws(
    () => parseCsv("a,c\n1,2\n", { source: "f.csv", columns: ["a", "b"] }),
    /f\.csv:1: the columns are not the expected ones \(missing 'b'; unexpected 'c'\)/,
  );
  assert.deepEqual([...parseCsv("a,b\n1\n", { strict: false })], [{ a: 1, b: null }]);
});
