/**
 * Scenario parameters: a typed schema of `key=value` knobs, each with its default,
 * unit and allowed values, and one place that parses and checks them.
 *
 * A scenario declares its specs as data (`as const satisfies readonly ParamSpec[]`);
 * {@linkcode ParamsOf} derives the type of its resolved values from them, and
 * {@linkcode resolveParams} returns values of that type, complete and checked, so the
 * code that builds the simulation needs no casts.
 *
 * @module
 */

/** A parameter value: a word from a list, or a number. */
export type ParamValue = string | number;

/** Resolved parameters of a run, untyped: every key of the scenario, with its value. */
export type Params = Readonly<Record<string, ParamValue>>;

/** The schema of a parameter whose value is one word of a list. */
export interface EnumParamSpec {
  /** The key, as given to `--set key=value` and as a CSV column. */
  readonly key: string;
  /** An enum: the value is one of `values`. */
  readonly kind: "enum";
  /** The allowed words, in the order listings show them. */
  readonly values: readonly string[];
  /** The value when the key is not given; one of `values`. */
  readonly default: string;
  /** What the parameter sets, for listings. */
  readonly description: string;
}

/** The schema of a numeric parameter. */
export interface NumberParamSpec {
  /** The key, as given to `--set key=value` and as a CSV column. */
  readonly key: string;
  /** `int` allows integers only, `number` any finite number. */
  readonly kind: "int" | "number";
  /** The smallest allowed value, in `unit`. */
  readonly min: number;
  /** The largest allowed value, in `unit`. */
  readonly max: number;
  /** The value when the key is not given, in `unit`. */
  readonly default: number;
  /** The unit of the value, shown in listings and messages. */
  readonly unit?: string;
  /** What the parameter sets, for listings. */
  readonly description: string;
}

/** The schema of one parameter. */
export type ParamSpec = EnumParamSpec | NumberParamSpec;

/** The type of the value of `T`: the union of its words for an enum, else `number`. */
export type ParamValueOf<T extends ParamSpec> = T extends {
  readonly kind: "enum";
  readonly values: readonly (infer V)[];
} ? V
  : number;

/**
 * The resolved parameters of the specs `S`: one read-only property per key, typed by
 * {@linkcode ParamValueOf}. For specs declared `as const`, an enum key is the union of
 * its words; for an untyped `readonly ParamSpec[]` this is {@linkcode Params}.
 */
export type ParamsOf<S extends readonly ParamSpec[]> = {
  readonly [T in S[number] as T["key"]]: ParamValueOf<T>;
};

/** A parameter error: the message names the key, the value and what is allowed. */
export class ParamError extends Error {
  /** The error's name, as the CLI prints it. */
  override readonly name = "ParamError";
}

/** What a spec allows, in words (for messages and listings). */
export function allowedText(spec: ParamSpec): string {
  if (spec.kind === "enum") return spec.values.join("|");
  const range = `${spec.kind === "int" ? "integer" : "number"} ${spec.min}..${spec.max}`;
  return spec.unit === undefined ? range : `${range} (${spec.unit})`;
}

/** Throws the error for a value `raw` that `spec` does not allow. */
function refuse(spec: ParamSpec, raw: unknown, scenario: string): never {
  const where = scenario === "" ? "" : ` of scenario '${scenario}'`;
  throw new ParamError(
    `Invalid value for '${spec.key}'${where}: ${JSON.stringify(raw)}; allowed: ${
      allowedText(spec)
    }`,
  );
}

/** The word `raw` (text or data) if `spec` allows it. */
function parseEnum(spec: EnumParamSpec, raw: unknown, scenario: string): string {
  const text = String(raw);
  if (!spec.values.includes(text)) refuse(spec, raw, scenario);
  return text;
}

/** The number `raw` (text or data) if `spec` allows it. */
function parseNumber(spec: NumberParamSpec, raw: unknown, scenario: string): number {
  const value = typeof raw === "number" ? raw : (String(raw).trim() === "" ? NaN : Number(raw));
  if (!Number.isFinite(value) || value < spec.min || value > spec.max) refuse(spec, raw, scenario);
  if (spec.kind === "int" && !Number.isInteger(value)) refuse(spec, raw, scenario);
  return value;
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
  return spec.kind === "enum" ? parseEnum(spec, raw, scenario) : parseNumber(spec, raw, scenario);
}

/** Refuses any key of `given` that `specs` do not declare. */
function refuseUnknownKeys(
  specs: readonly ParamSpec[],
  given: Readonly<Record<string, unknown>>,
  scenario: string,
): void {
  for (const key of Object.keys(given)) {
    if (!specs.some((s) => s.key === key)) {
      const where = scenario === "" ? "" : ` for scenario '${scenario}'`;
      throw new ParamError(
        `Unknown key '${key}'${where}; allowed keys: ${specs.map((s) => s.key).join(", ")}`,
      );
    }
  }
}

/**
 * Checks that `values` holds exactly the keys of `specs`, each with an allowed value of
 * its kind (a word for an enum, a number otherwise, never text to parse). The compiler
 * then knows `values` as `ParamsOf<S>`.
 *
 * @throws {ParamError} on an unknown or missing key or a bad value, naming it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkParams } from "./params.ts";
 * const specs = [{ key: "vms", kind: "int", min: 1, max: 64, default: 2, description: "" }] as const;
 * const values: Record<string, unknown> = { vms: 4 };
 * checkParams(specs, values);
 * const vms: number = values.vms;
 * assert.equal(vms, 4);
 * assert.throws(() => checkParams(specs, { vms: "4" }), /'vms': "4"; allowed: integer 1..64/);
 * ```
 */
export function checkParams<const S extends readonly ParamSpec[]>(
  specs: S,
  values: Readonly<Record<string, unknown>>,
  scenario = "",
): asserts values is ParamsOf<S> {
  refuseUnknownKeys(specs, values, scenario);
  for (const spec of specs) {
    if (!(spec.key in values)) {
      const where = scenario === "" ? "" : ` for scenario '${scenario}'`;
      throw new ParamError(
        `Missing key '${spec.key}'${where}; required keys: ${specs.map((s) => s.key).join(", ")}`,
      );
    }
    const value = values[spec.key];
    if (spec.kind === "enum" ? typeof value !== "string" : typeof value !== "number") {
      refuse(spec, value, scenario);
    }
    parseParam(spec, value, scenario);
  }
}

/**
 * Resolves `given` against the schema: unknown keys are refused, missing keys take
 * their defaults, and the result lists keys in schema order. The result is frozen,
 * complete, and typed by the specs (see {@linkcode ParamsOf}).
 *
 * @throws {ParamError} on an unknown key or a bad value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveParams } from "./params.ts";
 * const specs = [{ key: "ple", kind: "enum", values: ["none", "sleep"], default: "none", description: "" }] as const;
 * const ple: "none" | "sleep" = resolveParams(specs, {}).ple;
 * assert.equal(ple, "none");
 * ```
 */
export function resolveParams<const S extends readonly ParamSpec[]>(
  specs: S,
  given: Readonly<Record<string, unknown>>,
  scenario = "",
): ParamsOf<S> {
  refuseUnknownKeys(specs, given, scenario);
  const out: Record<string, ParamValue> = {};
  for (const spec of specs) {
    out[spec.key] = spec.key in given ? parseParam(spec, given[spec.key], scenario) : spec.default;
  }
  Object.freeze(out);
  checkParams(specs, out, scenario);
  return out;
}

/**
 * A copy of `specs` with other defaults: how scenarios built on one schema differ.
 *
 * @throws {ParamError} on an unknown key or a default the spec does not allow.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { withDefaults } from "./params.ts";
 * const specs = [{ key: "vms", kind: "int", min: 1, max: 64, default: 2, description: "" }] as const;
 * assert.equal(withDefaults(specs, { vms: 16 })[0]?.default, 16);
 * ```
 */
export function withDefaults<const S extends readonly ParamSpec[]>(
  specs: S,
  defaults: Partial<ParamsOf<S>>,
): readonly ParamSpec[] {
  const given: Readonly<Record<string, unknown>> = defaults;
  refuseUnknownKeys(specs, given, "");
  return specs.map((spec): ParamSpec => {
    if (!(spec.key in given)) return spec;
    const raw = given[spec.key];
    return spec.kind === "enum"
      ? { ...spec, default: parseEnum(spec, raw, "") }
      : { ...spec, default: parseNumber(spec, raw, "") };
  });
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
