/**
 * Parameterised notebooks, by papermill's convention: one code cell tagged `parameters`
 * holds the notebook's knobs as plain constants, and a run with other values inserts a
 * cell tagged `injected-parameters` right after it that declares them again. (The Deno
 * kernel, like a browser console, lets a later cell declare a `const` again.)
 *
 * The parameters cell may hold only comments, blank lines and lines
 * `const name = <JSON literal>;` (a number, a double-quoted string, `true` or `false`,
 * or an array of one of those), so that every knob has a type that a value given on
 * the command line can be checked against before anything runs.
 *
 * @module
 */

import { joinLines, type Notebook, type NotebookCell } from "./notebook.ts";

/** The tag of the cell that holds a notebook's parameters. */
export const PARAMETERS_TAG = "parameters";
/** The tag of the cell that a run with parameters inserts after it. */
export const INJECTED_PARAMETERS_TAG = "injected-parameters";

/** A value a parameter may have. */
export type ParameterValue =
  | number
  | string
  | boolean
  | readonly number[]
  | readonly string[]
  | readonly boolean[];

/** The type of a parameter, from its value in the parameters cell. */
export type ParameterType = "number" | "string" | "boolean" | "number[]" | "string[]" | "boolean[]";

/** One knob of a notebook. */
export interface NotebookParameter {
  /** Its name, a TypeScript identifier. */
  readonly name: string;
  /** Its type, from its value in the parameters cell. */
  readonly type: ParameterType;
  /** Its value in the parameters cell. */
  readonly value: ParameterValue;
}

/** A notebook's parameters cell, read. */
export interface NotebookParameters {
  /** Index of the cell (from 0) among all the notebook's cells. */
  readonly cell: number;
  /** The knobs, in the order the cell declares them. */
  readonly parameters: readonly NotebookParameter[];
}

/**
 * A value given for a notebook's parameter was refused: an unknown key, a value of the
 * wrong type, or a notebook without parameters. Nothing has run.
 */
export class NotebookParameterError extends Error {
  /** Creates the error; the message names the key, the value and what is allowed. */
  constructor(message: string) {
    super(message);
    this.name = "NotebookParameterError";
  }
}

const DECLARATION = /^const\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*(.+)$/;

/**
 * Finds and reads the notebook's cell tagged `parameters`; `undefined` when it has none.
 *
 * @throws {TypeError} when more than one cell is tagged, or the cell holds anything but
 * comments and `const name = <JSON literal>;` lines.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { findParameters } from "./notebook_parameters.ts";
 * const found = findParameters({
 *   cells: [{
 *     cell_type: "code", metadata: { tags: ["parameters"] }, outputs: [], execution_count: null,
 *     source: '// knobs\nconst seed = 1;\nconst guest = "windows2003"; // the profile',
 *   }],
 *   metadata: {}, nbformat: 4, nbformat_minor: 5,
 * });
 * assert.deepEqual(found?.parameters.map((p) => `${p.name}: ${p.type}`), ["seed: number", "guest: string"]);
 * ```
 */
export function findParameters(
  notebook: Notebook,
  name = "notebook",
): NotebookParameters | undefined {
  const tagged = notebook.cells.flatMap((cell, index) =>
    hasTag(cell, PARAMETERS_TAG) ? [index] : []
  );
  if (tagged.length === 0) return undefined;
  if (tagged.length > 1) {
    throw new TypeError(
      `Cannot read the parameters of ${name} as one cell only may be tagged '${PARAMETERS_TAG}': current cells are ${
        tagged.join(", ")
      }`,
    );
  }
  const cell = tagged[0] as number;
  const parameters: NotebookParameter[] = [];
  for (const raw of joinLines(notebook.cells[cell]?.source).split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("//")) continue;
    const match = DECLARATION.exec(line);
    const value = match?.[2] === undefined ? undefined : leadingLiteral(match[2]);
    const type = value === undefined ? undefined : typeOf(value);
    if (match?.[1] === undefined || value === undefined || type === undefined) {
      throw new TypeError(
        `Cannot read the parameters of ${name} as cell ${cell} may hold only comments and 'const name = <JSON literal>;' lines: current line is ${
          JSON.stringify(line)
        }`,
      );
    }
    parameters.push({ name: match[1], type, value });
  }
  return { cell, parameters };
}

/**
 * Checks `key=value` arguments against the notebook's parameters and returns the typed
 * values, in the order given. A number is written as in JavaScript (`2`, `0.5`, `1e3`),
 * a boolean as `true` or `false`, a string as it is, an array as JSON (`[0.2,0.9]`).
 *
 * @throws {NotebookParameterError} naming the key, the value and what is allowed, when
 * an argument is not `key=value`, names no parameter (or the notebook has none), gives
 * a value of the wrong type, or repeats a key.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseParameterArgs } from "./notebook_parameters.ts";
 * const found = { cell: 1, parameters: [{ name: "seed", type: "number" as const, value: 1 }] };
 * assert.deepEqual(parseParameterArgs(found, ["seed=7"]), { seed: 7 });
 * assert.throws(() => parseParameterArgs(found, ["sed=7"]), /'sed' is not a parameter/);
 * assert.throws(() => parseParameterArgs(found, ["seed=x"]), /'seed' must be a number: current value is "x"/);
 * ```
 */
export function parseParameterArgs(
  found: NotebookParameters | undefined,
  args: readonly string[],
  name = "notebook",
): Record<string, ParameterValue> {
  const values: Record<string, ParameterValue> = {};
  for (const arg of args) {
    const eq = arg.indexOf("=");
    if (eq <= 0) {
      throw new NotebookParameterError(
        `Cannot run ${name} as --param must be key=value: current value is ${JSON.stringify(arg)}`,
      );
    }
    const key = arg.slice(0, eq);
    const text = arg.slice(eq + 1);
    const parameter = found?.parameters.find((p) => p.name === key);
    if (parameter === undefined) {
      const allowed = found === undefined || found.parameters.length === 0
        ? `${name} has no cell tagged '${PARAMETERS_TAG}', so it takes no parameters`
        : `allowed are ${found.parameters.map((p) => `${p.name} (${p.type})`).join(", ")}`;
      throw new NotebookParameterError(
        `Cannot run ${name} as '${key}' is not a parameter: ${allowed}`,
      );
    }
    if (Object.hasOwn(values, key)) {
      throw new NotebookParameterError(
        `Cannot run ${name} as parameter '${key}' is given twice: current values are ${
          JSON.stringify(values[key])
        } and ${JSON.stringify(text)}`,
      );
    }
    const value = parseValue(parameter.type, text);
    if (value === undefined) {
      throw new NotebookParameterError(
        `Cannot run ${name} as parameter '${key}' must be ${
          describe(parameter.type)
        }: current value is ${JSON.stringify(text)}`,
      );
    }
    values[key] = value;
  }
  return values;
}

/**
 * Returns a copy of `notebook` with a code cell tagged `injected-parameters` inserted
 * right after the parameters cell, declaring `values` again (papermill's convention).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { injectParameters } from "./notebook_parameters.ts";
 * const nb = {
 *   cells: [{ cell_type: "code" as const, metadata: { tags: ["parameters"] }, source: "const seed = 1;" }],
 *   metadata: {}, nbformat: 4, nbformat_minor: 5,
 * };
 * const injected = injectParameters(nb, { cell: 0, parameters: [] }, { seed: 2 });
 * assert.equal(injected.cells[1]?.source, "// Parameters injected by `deno task notebooks run`\nconst seed = 2;");
 * assert.deepEqual(injected.cells[1]?.metadata, { tags: ["injected-parameters"] });
 * ```
 */
export function injectParameters(
  notebook: Notebook,
  found: NotebookParameters,
  values: Readonly<Record<string, ParameterValue>>,
): Notebook {
  const copy = structuredClone(notebook);
  const lines = Object.entries(values).map(([key, value]) =>
    `const ${key} = ${JSON.stringify(value)};`
  );
  const cell: NotebookCell = {
    cell_type: "code",
    id: freeId(copy, "injected-parameters"),
    metadata: { tags: [INJECTED_PARAMETERS_TAG] },
    source: ["// Parameters injected by `deno task notebooks run`", ...lines].join("\n"),
    outputs: [],
    execution_count: null,
  };
  copy.cells.splice(found.cell + 1, 0, cell);
  return copy;
}

function hasTag(cell: NotebookCell, tag: string): boolean {
  const tags = cell.metadata?.tags;
  return Array.isArray(tags) && tags.includes(tag);
}

function freeId(notebook: Notebook, base: string): string {
  const ids = new Set(notebook.cells.map((c) => c.id));
  let id = base;
  for (let k = 1; ids.has(id); k++) id = `${base}-${k}`;
  return id;
}

/**
 * The JSON literal at the start of `text` when only `;` and a `//` comment follow it
 * (tried at every end, so that a string holding `;` or `//` is read whole).
 */
function leadingLiteral(text: string): ParameterValue | undefined {
  for (let end = text.length; end > 0; end--) {
    if (!/^\s*;?\s*(?:\/\/.*)?$/.test(text.slice(end))) continue;
    const value = literal(text.slice(0, end));
    if (value !== undefined) return value;
  }
  return undefined;
}

function literal(text: string): ParameterValue | undefined {
  try {
    return JSON.parse(text) as ParameterValue;
  } catch {
    return undefined;
  }
}

function typeOf(value: unknown): ParameterType | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return "number";
  if (typeof value === "string") return "string";
  if (typeof value === "boolean") return "boolean";
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const element = typeOf(value[0]);
  if (element === undefined || element.endsWith("[]")) return undefined;
  return value.every((v) => typeOf(v) === element) ? `${element}[]` as ParameterType : undefined;
}

function parseValue(type: ParameterType, text: string): ParameterValue | undefined {
  if (type === "string") return text;
  if (type === "number") {
    const value = Number(text);
    return text.trim() !== "" && Number.isFinite(value) ? value : undefined;
  }
  if (type === "boolean") return text === "true" ? true : text === "false" ? false : undefined;
  const value = literal(text);
  return Array.isArray(value) && (value.length === 0 || typeOf(value) === type) ? value : undefined;
}

function describe(type: ParameterType): string {
  const one: Record<string, string> = {
    number: "a number",
    string: "a string",
    boolean: "true or false",
  };
  return type.endsWith("[]")
    ? `a JSON array of ${type.slice(0, -2)}s, like ${type === "string[]" ? '["a","b"]' : "[1,2]"}`
    : one[type] ?? type;
}
