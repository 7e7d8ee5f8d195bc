// Functions the browser tests evaluate inside a page (plain JavaScript, DOM globals).
// tests/browser/page_checks.ts reads this file and appends a call.

/** Whether every image of the page has finished loading (or failed to). */
// deno-lint-ignore no-unused-vars -- called by name from page_checks.ts
function imagesSettled() {
  return [...document.images].every((img) => img.complete);
}

/**
 * Whether `el` (an <img> or a top-level <svg>) is displayed: laid out at least 50 x 50
 * CSS px, not hidden, and, for an image, decoded (a broken image has no natural width).
 */
function isShownFigure(el) {
  const rect = el.getBoundingClientRect();
  if (rect.width < 50 || rect.height < 50) return false;
  const style = getComputedStyle(el);
  if (style.visibility === "hidden" || style.display === "none") return false;
  return el.tagName.toLowerCase() !== "img" || (el.complete && el.naturalWidth > 0);
}

/** The displayed figures inside `root`: images and outermost SVG elements. */
function shownFigures(root) {
  return [...root.querySelectorAll("img, svg")]
    .filter((el) => el.tagName.toLowerCase() === "img" || !el.parentElement?.closest("svg"))
    .filter(isShownFigure);
}

/** The text of `root` outside any <svg> (and <script>, <style>), whitespace removed. */
function looseText(root) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let text = "";
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent === null || parent.closest("svg, script, style")) continue;
    text += node.data;
  }
  return text.replace(/\s+/g, "");
}

/**
 * Checks the page against a notebook: `spec.cells[i].figures` figures must be displayed
 * in the outputs of the page's i-th cell, and its outputs may not show the text of one
 * of its figures' SVG (`spec.cells[i].signatures`) outside an SVG, as a front end does
 * when its sanitiser drops an inline <svg> and keeps its words.
 */
// deno-lint-ignore no-unused-vars -- called by name from page_checks.ts
function checkFigures(spec) {
  const cells = [...document.querySelectorAll(spec.cellSelector)];
  const problems = [];
  if (cells.length !== spec.cells.length) {
    problems.push(`the page shows ${cells.length} cells, the notebook has ${spec.cells.length}`);
  }
  let shown = 0;
  cells.forEach((cell, index) => {
    const outputs = [...cell.querySelectorAll(spec.outputSelector)];
    const withFigure = outputs.filter((output) => shownFigures(output).length > 0).length;
    shown += withFigure;
    const expected = spec.cells[index]?.figures ?? 0;
    if (withFigure < expected) {
      problems.push(`cell ${index}: ${expected} figure(s), ${withFigure} displayed`);
    }
    const loose = outputs.map(looseText).join("");
    for (const signature of spec.cells[index]?.signatures ?? []) {
      if (loose.includes(signature)) {
        problems.push(
          `cell ${index}: the text of a figure's SVG shows as loose text ("${signature}")`,
        );
      }
    }
  });
  return { cells: cells.length, figuresShown: shown, problems };
}

/**
 * The images, links and ids of the page: each image's source as written and resolved
 * and whether it is displayed; each link's target as written and resolved (<a href>,
 * <link href>, <script src>); and every element id (targets of `#fragment` links).
 */
// deno-lint-ignore no-unused-vars -- called by name from check_site.ts
function pageLinks() {
  const images = [...document.images].map((img) => ({
    raw: img.getAttribute("src") ?? "",
    url: img.src,
    ok: img.complete && img.naturalWidth > 0,
  }));
  const links = [...document.querySelectorAll("a[href], link[href], script[src]")].map((el) => ({
    raw: el.getAttribute("href") ?? el.getAttribute("src") ?? "",
    url: el.href ?? el.src,
  }));
  const ids = [...document.querySelectorAll("[id]")].map((el) => el.id);
  return { images, links, ids };
}
