import assert from "node:assert/strict";
import { countJunit } from "../../lib/cli/junit_counts.ts";

Deno.test("countJunit() counts passes, failures, errors, skips and doc tests", () => {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="deno test" tests="5" failures="2" errors="0">
  <testsuite name="./tests/a_test.ts" tests="3">
    <testcase name="passes" classname="./tests/a_test.ts" time="0.001">
    </testcase>
    <testcase name="fails" classname="./tests/a_test.ts">
      <failure message="boom">AssertionError</failure>
    </testcase>
    <testcase name="ignored" classname="./tests/a_test.ts"><skipped/></testcase>
  </testsuite>
  <testsuite name="./lib/x.ts$10-20.ts" tests="2">
    <testcase name="file:///p/lib/x.ts#10-20.ts" classname="./lib/x.ts#10-20.ts"/>
    <testcase name="e" classname="./lib/y.ts#3-9.ts"><error message="x"/></testcase>
  </testsuite>
</testsuites>`;
  assert.deepEqual(countJunit(xml), { passed: 2, failed: 2, skipped: 1, docTests: 2 });
});

Deno.test("countJunit() finds nothing in an empty report", () => {
  assert.deepEqual(countJunit(""), { passed: 0, failed: 0, skipped: 0, docTests: 0 });
});
