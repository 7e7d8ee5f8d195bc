/** What a command's `main` returned and printed. */
export interface Captured {
  /** The exit status `main` returned. */
  readonly code: number;
  /** What it printed with console.log or to Deno.stdout. */
  readonly stdout: string;
  /** What it printed with console.error. */
  readonly stderr: string;
}

/** Runs a command's `main` in this process, capturing stdout and stderr. */
export async function capture(
  main: (args: readonly string[]) => number | Promise<number>,
  args: readonly string[],
): Promise<Captured> {
  const log = console.log;
  const error = console.error;
  const stdout = Deno.stdout.writeSync;
  let out = "";
  let err = "";
  console.log = (...a: unknown[]) => void (out += `${a.join(" ")}\n`);
  console.error = (...a: unknown[]) => void (err += `${a.join(" ")}\n`);
  Deno.stdout.writeSync = (bytes: Uint8Array) => {
    out += new TextDecoder().decode(bytes);
    return bytes.length;
  };
  try {
    return { code: await main(args), stdout: out, stderr: err };
  } finally {
    console.log = log;
    console.error = error;
    Deno.stdout.writeSync = stdout;
  }
}

/** Whether `text` holds a stack trace. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .*(:\d+:\d+|\(native\))/m.test(text);
}
