/**
 * Scenario parameters: a typed schema of `key=value` knobs, each with its default,
 * unit and allowed values, and one place that parses and checks them.
 *
 * @module
 */

/** A parameter value: a word from a list, or a number. */
export type ParamValue = string | number;

/** Resolved parameters of a run: every key of the scenario, with its value. */
export type Params = Readonly<Record<string, ParamValue>>;

/** The schema of one parameter. */
export type ParamSpec =
  | {
    readonly key: string;
    readonly kind: "enum";
    readonly values: readonly string[];
    readonly default: string;
    readonly description: string;
  }
  | {
    readonly key: string;
    readonly kind: "int" | "number";
    readonly min: number;
    readonly max: number;
    readonly default: number;
    readonly unit?: string;
    readonly description: string;
  };

/** A parameter error: the message names the key, the value and what is allowed. */
export class ParamError extends Error {
  override readonly name = "ParamError";
}

/** What a spec allows, in words (for messages and listings). */
export function allowedText(spec: ParamSpec): string {
  if (spec.kind === "enum") return spec.values.join("|");
  const range = `${spec.kind === "int" ? "integer" : "number"} ${spec.min}..${spec.max}`;
  return spec.unit === undefined ? range : `${range} (${spec.unit})`;
}

/**
 * Parses one value for `spec` from text (as given to `--set key=value`) or checks a value
 * given as data.
 *
 * @throws {ParamError} naming the key, the value and what is allowed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseParam } from "./params.ts";
 * const spec = { key: "vms", kind: "int", min: 1, max: 64, default: 2, description: "" } as const;
 * assert.ok(parseParam(spec, "4") === 4);
 * ```
 */
export function parseParam(spec: ParamSpec, raw: unknown, scenario = ""): ParamValue {
  const where = scenario === "" ? "" : ` of scenario '${scenario}'`;
  const fail = (): never => {
    throw new ParamError(
      `Invalid value for '${spec.key}'${where}: ${JSON.stringify(raw)}; allowed: ${
        allowedText(spec)
      }`,
    );
  };
  if (spec.kind === "enum") {
    const text = String(raw);
    if (!spec.values.includes(text)) fail();
    return text;
  }
  const value = typeof raw === "number" ? raw : (String(raw).trim() === "" ? NaN : Number(raw));
  if (!Number.isFinite(value) || value < spec.min || value > spec.max) fail();
  if (spec.kind === "int" && !Number.isInteger(value)) fail();
  return value;
}

/**
 * Resolves `given` against the schema: unknown keys are refused, missing keys take
 * their defaults, and the result lists keys in schema order.
 *
 * @throws {ParamError} on an unknown key or a bad value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveParams } from "./params.ts";
 * const specs = [{ key: "ple", kind: "enum", values: ["none", "sleep"], default: "none", description: "" }] as const;
 * assert.ok(resolveParams(specs, {}).ple === "none");
 * ```
 */
export function resolveParams(
  specs: readonly ParamSpec[],
  given: Readonly<Record<string, unknown>>,
  scenario = "",
): Params {
  const byKey = new Map(specs.map((s) => [s.key, s]));
  for (const key of Object.keys(given)) {
    if (!byKey.has(key)) {
      const where = scenario === "" ? "" : ` for scenario '${scenario}'`;
      throw new ParamError(
        `Unknown key '${key}'${where}; allowed keys: ${specs.map((s) => s.key).join(", ")}`,
      );
    }
  }
  const out: Record<string, ParamValue> = {};
  for (const spec of specs) {
    out[spec.key] = spec.key in given ? parseParam(spec, given[spec.key], scenario) : spec.default;
  }
  return Object.freeze(out);
}

/**
 * Parses `key=value` assignments (as given to `--set`).
 *
 * @throws {ParamError} on an assignment without `=` or a key given twice.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseAssignments } from "./params.ts";
 * assert.ok(parseAssignments(["vms=4", "ple=sleep"]).ple === "sleep");
 * ```
 */
export function parseAssignments(assignments: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of assignments) {
    const i = a.indexOf("=");
    if (i <= 0) {
      throw new ParamError(`Invalid --set '${a}': expected key=value`);
    }
    const key = a.slice(0, i).trim();
    if (key in out) throw new ParamError(`Invalid --set: key '${key}' given twice`);
    out[key] = a.slice(i + 1).trim();
  }
  return out;
}
