/**
 * The index page of the report (`deno task report`): the README's results table, the
 * notebooks, every figure, the CSV files, and how to cite each number (the commit and
 * the command behind it). It renders plain data; `buildSite` (lib/notebook/) gathers it.
 *
 * @module
 */

import { escapeHtml } from "./displayable.ts";
import { type ResultRow, RESULTS_INTRO, resultsHtml } from "./results_table.ts";
import { codeSpans, sitePage } from "./site_page.ts";

/** A notebook of the report. */
export interface SiteNotebook {
  /** Its file name without `.ipynb`, such as `01_thread_2x2`. */
  readonly stem: string;
  /** Its title: the first heading of its first Markdown cell. */
  readonly title: string;
  /** Its page, relative to the site's root (`notebooks/<stem>.html`). */
  readonly page: string;
  /** The CSV files under data/ it reads. */
  readonly dataFiles: readonly string[];
  /** The knobs of its live simulations (its cell tagged `parameters`), as `key=value`. */
  readonly parameters: readonly string[];
}

/** A figure of the report. */
export interface SiteFigure {
  /** Its SVG file, relative to the site's root (`figures/<stem>-<cell>-<k>.svg`). */
  readonly file: string;
  /** Its title, or a description of where it is when it has none. */
  readonly title: string;
  /** The stem of the notebook it comes from. */
  readonly notebook: string;
  /** The index of its cell in that notebook (from 0). */
  readonly cell: number;
}

/** A CSV file of the report. */
export interface SiteDataFile {
  /** Its file, relative to the site's root (`data/<name>.csv`). */
  readonly file: string;
  /** Rows of data (the header not counted). */
  readonly rows: number;
  /** The experiment that writes it, or `undefined` when none does. */
  readonly experiment: string | undefined;
  /** What the experiment varies. */
  readonly description: string;
  /** The command that regenerates it. */
  readonly command: string;
}

/** Everything the index shows. */
export interface SiteIndex {
  /** The commit the site was built from (`git rev-parse HEAD`), or `unknown`. */
  readonly commit: string;
  /** Whether the work tree had changes not committed. */
  readonly dirty: boolean;
  /** The rows of the README's results table. */
  readonly results: readonly ResultRow[];
  /** The notebooks. */
  readonly notebooks: readonly SiteNotebook[];
  /** Every figure of the notebooks. */
  readonly figures: readonly SiteFigure[];
  /** The CSV files. */
  readonly data: readonly SiteDataFile[];
}

/** `commit` shown for citing, with a warning when the tree was dirty. */
export function commitText(commit: string, dirty: boolean): string {
  return `<code>${escapeHtml(commit)}</code>${
    dirty ? " (with changes not committed: commit them before you cite)" : ""
  }`;
}

/** The command that re-runs a notebook as it is committed. */
export function notebookCommand(stem: string): string {
  return `deno task notebooks ${stem}`;
}

/**
 * The index page of the site.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { siteIndexHtml } from "./site_index.ts";
 * const page = siteIndexHtml({
 *   commit: "abc123", dirty: false,
 *   results: [{ claim: "c", thread: "t", model: "2x", command: "deno task sweep x" }],
 *   notebooks: [{ stem: "01_x", title: "X", page: "notebooks/01_x.html", dataFiles: ["x.csv"], parameters: [] }],
 *   figures: [{ file: "figures/01_x-3-0.svg", title: "T", notebook: "01_x", cell: 3 }],
 *   data: [{ file: "data/x.csv", rows: 2, experiment: "x", description: "d", command: "deno task sweep x" }],
 * });
 * assert.ok(page.includes('<img src="figures/01_x-3-0.svg" alt="T"'));
 * assert.ok(page.includes('<a href="data/x.csv">x.csv</a>'));
 * assert.ok(page.includes("<code>abc123</code>"));
 * ```
 */
export function siteIndexHtml(index: SiteIndex): string {
  const commit = commitText(index.commit, index.dirty);
  const dataLink = (name: string) => `<a href="data/${escapeHtml(name)}">${escapeHtml(name)}</a>`;
  const pageOf = new Map(index.notebooks.map((n) => [n.stem, n]));
  const notebooks = index.notebooks.map((n) =>
    `<tr><td><a href="${escapeHtml(n.page)}">${escapeHtml(n.stem)}</a></td><td>${
      escapeHtml(n.title)
    }</td><td>${n.dataFiles.map(dataLink).join(", ") || "(none)"}</td><td>${
      n.parameters.length === 0
        ? "(none)"
        : n.parameters.map((p) => `<code>${escapeHtml(p)}</code>`).join(" ")
    }</td><td><code>${escapeHtml(notebookCommand(n.stem))}</code></td></tr>`
  );
  const figures = index.figures.map((f) => {
    const notebook = pageOf.get(f.notebook);
    const from = notebook === undefined
      ? escapeHtml(f.notebook)
      : `<a href="${escapeHtml(notebook.page)}">${escapeHtml(f.notebook)}</a>`;
    const data = notebook?.dataFiles.map(dataLink).join(", ");
    return `<figure><a href="${escapeHtml(f.file)}"><img src="${escapeHtml(f.file)}" alt="${
      escapeHtml(f.title)
    }"></a><figcaption><b>${escapeHtml(f.title)}</b><br>${from}, cell ${f.cell}${
      data ? `; data: ${data}` : ""
    }; <a href="${escapeHtml(f.file)}">SVG</a></figcaption></figure>`;
  });
  const data = index.data.map((d) =>
    `<tr><td><a href="${escapeHtml(d.file)}">${
      escapeHtml(d.file.replace(/^data\//, ""))
    }</a></td><td>${d.rows}</td><td>${escapeHtml(d.experiment ?? "")}</td><td>${
      escapeHtml(d.description)
    }</td><td><code>${escapeHtml(d.command)}</code></td></tr>`
  );
  const body = `<h1>kvmsched: results, notebooks, figures and data</h1>
<p>How a Linux 2.6.33 host scheduler treats the vCPUs of KVM guests, simulated. This site was built by
<code>deno task report</code> from kvmsched at commit ${commit}. Every number below comes from the CSV
files of that commit; every command regenerates what it names, byte for byte.</p>
<p><a href="#results">Results</a> · <a href="#notebooks">Notebooks</a> · <a href="#figures">Figures</a> ·
<a href="#data">Data</a> · <a href="#cite">How to cite</a></p>
<h2 id="results">Results</h2>
<p>${codeSpans(RESULTS_INTRO)}</p>
${resultsHtml(index.results)}
<h2 id="notebooks">Notebooks</h2>
<p>Each page is the notebook as committed, with its outputs; the command re-executes it headless.</p>
<table><thead><tr><th>notebook</th><th>what it does</th><th>data it reads</th><th>parameters of its live runs</th><th>re-run with</th></tr></thead>
<tbody>${notebooks.join("\n")}</tbody></table>
<h2 id="figures">Figures</h2>
<div class="figures">
${figures.join("\n")}
</div>
<h2 id="data">Data</h2>
<p>One row per simulation run: the scenario, the seed, the measured and warm-up durations, every
parameter and every metric. <code>deno task sim &lt;scenario&gt; --set ... --seed N --duration-ms D --warmup-ms W</code>
recomputes one row exactly.</p>
<table><thead><tr><th>file</th><th>rows</th><th>experiment</th><th>what it varies</th><th>regenerate with</th></tr></thead>
<tbody>${data.join("\n")}</tbody></table>
<h2 id="cite">How to cite</h2>
<p>A number is identified by the commit, the command and the seed.</p>
<ul>
<li>A number of the results table: "kvmsched at commit ${commit}, <i>the command in its row</i>, mean and
95% Student-t interval over seeds".</li>
<li>A figure or a table of a notebook: "kvmsched at commit ${commit}, notebook <i>name</i>
(<code>${
    escapeHtml(notebookCommand("<name>"))
  }</code>), from <i>its data files</i>", each file with the
command in the data table above; a figure from live runs names the notebook's parameters too
(<code>deno task notebooks run &lt;name&gt; --param key=value --out FILE.ipynb</code> re-runs it with others).</li>
<li>One run: the row's scenario, seed, durations and parameters, as <code>deno task sim</code> takes them.</li>
</ul>`;
  return sitePage("kvmsched: results", body);
}
