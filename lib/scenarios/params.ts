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

/** The kind of `raw` in words, for messages: `boolean`, `array`, `null`, ... */
function typeName(raw: unknown): string {
  if (raw === null) return "null";
  if (Array.isArray(raw)) return "array";
  return typeof raw;
}

/** `raw` as a message shows it: JSON where it has one, with its type when not text. */
function shown(raw: unknown): string {
  const text = typeof raw === "bigint" || typeof raw === "symbol" || typeof raw === "function"
    ? String(raw)
    : JSON.stringify(raw) ?? String(raw);
  return typeof raw === "string" || typeof raw === "number" ? text : `${text} (${typeName(raw)})`;
}

/** Throws the error for a value `raw` that `spec` does not allow. */
function refuse(spec: ParamSpec, raw: unknown, scenario: string): never {
  const where = scenario === "" ? "" : ` of scenario '${scenario}'`;
  const wrongType = spec.kind === "enum"
    ? typeof raw !== "string"
    : typeof raw !== "string" && typeof raw !== "number";
  const type = !wrongType
    ? ""
    : spec.kind === "enum"
    ? ", not a string"
    : ", not a number or its decimal text";
  throw new ParamError(
    `Invalid value for '${spec.key}'${where}: ${shown(raw)}${type}; allowed: ${allowedText(spec)}`,
  );
}

/** The word `raw` (text only) if `spec` allows it. */
function parseEnum(spec: EnumParamSpec, raw: unknown, scenario: string): string {
  if (typeof raw !== "string" || !spec.values.includes(raw)) refuse(spec, raw, scenario);
  return raw;
}

/** Plain decimal integers, as `--set` and flags accept them: no sign but `-`, no exponent. */
const INTEGER_TEXT = /^-?\d+$/;
/** Plain decimal numbers: digits with an optional fraction, no exponent, hex or spaces. */
const NUMBER_TEXT = /^-?(?:\d+(?:\.\d+)?|\.\d+)$/;

/** The number `raw` (a number, or its plain decimal text) if `spec` allows it. */
function parseNumber(spec: NumberParamSpec, raw: unknown, scenario: string): number {
  let value: number;
  if (typeof raw === "number") value = raw;
  else if (typeof raw === "string") {
    const pattern = spec.kind === "int" ? INTEGER_TEXT : NUMBER_TEXT;
    value = pattern.test(raw) ? Number(raw) : NaN;
  } else value = NaN;
  if (!Number.isFinite(value) || value < spec.min || value > spec.max) refuse(spec, raw, scenario);
  if (spec.kind === "int" && !Number.isInteger(value)) refuse(spec, raw, scenario);
  return value;
}

/**
 * Parses one value for `spec` from text (as given to `--set key=value`) or checks a value
 * given as data. Text is taken as it is: an enum's word exactly, an `int` as plain
 * decimal digits (`16`, not `0x10`, `1e1` or `16.0`), a `number` as plain decimal
 * (`0.25`, not `2.5e-1`). Data must be a string or a number: `true` or `[4]` is refused,
 * never coerced.
 *
 * @throws {ParamError} naming the key, the value (and its type when it is neither text
 * nor a number) and what is allowed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseParam } from "./params.ts";
 * const spec = { key: "vms", kind: "int", min: 1, max: 64, default: 2, description: "" } as const;
 * assert.ok(parseParam(spec, "4") === 4);
 * assert.throws(() => parseParam(spec, "0x10"), /'vms': "0x10"; allowed: integer 1..64/);
 * assert.throws(() => parseParam(spec, true), /'vms': true \(boolean\), not a number/);
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
  if (typeof given !== "object" || given === null || Array.isArray(given)) {
    throw new ParamError(
      `Invalid parameters${
        scenario === "" ? "" : ` for scenario '${scenario}'`
      }: must be an object of key: value: current value is ${shown(given)}`,
    );
  }
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
    if (!Object.hasOwn(values, spec.key)) {
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
    out[spec.key] = Object.hasOwn(given, spec.key)
      ? parseParam(spec, given[spec.key], scenario)
      : spec.default;
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
    if (!Object.hasOwn(given, spec.key)) return spec;
    const raw = given[spec.key];
    return spec.kind === "enum"
      ? { ...spec, default: parseEnum(spec, raw, "") }
      : { ...spec, default: parseNumber(spec, raw, "") };
  });
}

/**
 * Parses `key=value` assignments (as given to `--set`). Any key is taken as written,
 * `constructor` and `__proto__` included (the scenario then refuses it as unknown).
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
  // No prototype: a key such as `constructor` is not "already there".
  const out: Record<string, string> = Object.create(null);
  for (const a of assignments) {
    const i = a.indexOf("=");
    if (i <= 0) {
      throw new ParamError(`Invalid --set '${a}': expected key=value`);
    }
    const key = a.slice(0, i).trim();
    if (Object.hasOwn(out, key)) throw new ParamError(`Invalid --set: key '${key}' given twice`);
    out[key] = a.slice(i + 1).trim();
  }
  return out;
}
