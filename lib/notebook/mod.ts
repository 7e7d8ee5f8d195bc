/**
 * Notebook tooling: executing notebooks headless with the Deno kernel (also with other
 * parameters, papermill's convention), putting them in a canonical form, checking
 * committed outputs against fresh ones, exporting HTML and SVG figures, extracting
 * their code for `deno check`, building the report site, and setting up Jupyter, the
 * Deno kernel and Chromium. The `deno task` scripts in lib/cli/ are its command line.
 *
 * @module
 */

export * from "./notebook.ts";
export * from "./normalize_notebook.ts";
export * from "./serialize_notebook.ts";
export * from "./first_difference.ts";
export * from "./extract_notebook_code.ts";
export * from "./notebook_figures.ts";
export * from "./export_notebook.ts";
export * from "./execute_notebook.ts";
export * from "./list_notebooks.ts";
export * from "./run_notebooks.ts";
export * from "./run_command.ts";
export * from "./setup_error.ts";
export * from "./debian_tools.ts";
export * from "./jupyter.ts";
export * from "./deno_kernel.ts";
export * from "./setup_jupyter.ts";
export * from "./chromium.ts";
export * from "./notebook_parameters.ts";
export * from "./run_with_parameters.ts";
export * from "./drop_external_scripts.ts";
export * from "./build_site.ts";
