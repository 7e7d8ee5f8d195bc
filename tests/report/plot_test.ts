import assert from "node:assert/strict";
import * as Plot from "@observablehq/plot";
import { DOMParser } from "linkedom";
import { Figure, plot } from "../../lib/report/plot.ts";
import { figureSvg } from "../../lib/report/figure_svg.ts";
import { JUPYTER_DISPLAY } from "../../lib/report/displayable.ts";
import { svgFromImg } from "../../lib/report/svg_img.ts";

const points = [{ x: 1, y: 2, kind: "a" }, { x: 2, y: 5, kind: "b" }, { x: 3, y: 4, kind: "a" }];

function parseXml(markup: string) {
  const doc = new DOMParser().parseFromString(markup, "text/xml");
  return doc.documentElement as unknown as {
    localName: string;
    getAttribute(name: string): string | null;
    querySelectorAll(selector: string): ArrayLike<{ getAttribute(name: string): string | null }>;
  };
}

Deno.test("plot() renders a bare SVG with its marks and axes", () => {
  const figure = plot({ width: 320, height: 200, marks: [Plot.dot(points, { x: "x", y: "y" })] });
  assert.ok(figure.isSvg);
  const svg = parseXml(figure.html);
  assert.equal(svg.localName, "svg");
  assert.equal(svg.getAttribute("xmlns"), "http://www.w3.org/2000/svg");
  assert.equal(svg.getAttribute("width"), "320");
  assert.equal(svg.getAttribute("height"), "200");
  assert.equal(svg.querySelectorAll("circle").length, 3);
  assert.ok(figure.html.includes('aria-label="x-axis tick"'));
});

Deno.test("plot() gives the same bytes for the same options, whatever was drawn before", () => {
  const options = {
    marks: [
      Plot.lineY([1, 3, 2], { marker: "circle" }),
      Plot.areaY([1, 3, 2], { clip: true, fillOpacity: 0.2 }),
    ],
  };
  const first = plot(options).html;
  plot({ marks: [Plot.lineY([5, 4], { marker: "arrow" })] }); // advances Plot's id counters
  const second = plot(options).html;
  assert.equal(second, first);
  const ids = [...first.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(ids.length, 2);
  for (const id of ids) assert.match(id ?? "", /^plot-[0-9a-f]{8}-\d$/);
  for (const id of ids) assert.ok(first.includes(`url(#${id})`), `reference to ${id}`);
});

Deno.test("plot() gives different figures different ids", () => {
  const a = plot({ marks: [Plot.lineY([1, 2], { marker: true })] }).html;
  const b = plot({ marks: [Plot.lineY([2, 1], { marker: true })] }).html;
  const idOf = (html: string) => / id="([^"]+)"/.exec(html)?.[1];
  assert.notEqual(idOf(a), idOf(b));
});

Deno.test("plot() wraps a figure with a title and legend in an HTML <figure>", () => {
  const figure = plot({
    title: "Title & more",
    color: { legend: true },
    marks: [Plot.dot(points, { x: "x", y: "y", fill: "kind" })],
  });
  assert.ok(!figure.isSvg);
  assert.equal(figure.title, "Title & more");
  const root = parseXml(figure.html);
  assert.equal(root.localName, "figure");
  assert.ok(figure.html.includes("<h2>Title &amp; more</h2>"));
  assert.equal(root.querySelectorAll("span").length, 2); // one swatch per kind
});

Deno.test("Figure shows a figure with a legend as an <img> of its whole standalone SVG", () => {
  const figure = plot({
    title: "T",
    color: { legend: true },
    marks: [Plot.dot(points, { x: "x", y: "y", fill: "kind" })],
  });
  const bundle = figure[JUPYTER_DISPLAY]();
  const html = bundle["text/html"] ?? "";
  assert.match(html, /^<img src="data:image\/svg\+xml;base64,[^"]+" alt="Plot figure: T">$/);
  assert.equal(svgFromImg(html), figure.svg);
  assert.ok(figure.svg.includes("<h2>T</h2>"), "the title is in the picture");
  assert.equal(bundle["image/svg+xml"], figure.svg);
  assert.equal(bundle["text/plain"], "Plot figure: T");
});

Deno.test("Figure shows a bare SVG as an <img> too, never as inline SVG", () => {
  const figure = plot({ marks: [Plot.dot(points, { x: "x", y: "y" })] });
  const bundle = figure[JUPYTER_DISPLAY]();
  assert.ok(!(bundle["text/html"] ?? "").includes("<svg"));
  assert.equal(svgFromImg(bundle["text/html"] ?? ""), figure.svg);
  assert.equal(bundle["image/svg+xml"], figure.svg);
  assert.equal(bundle["text/plain"], "Plot figure");
});

Deno.test("figureSvg() keeps a bare SVG and declares its namespace", () => {
  const svg = figureSvg('<svg width="10" height="5"><clipPath id="c"><rect /></clipPath></svg>');
  assert.equal(
    svg,
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="5"><clipPath id="c"><rect /></clipPath></svg>\n',
  );
});

Deno.test("figureSvg() sizes the foreignObject of a figure from its parts", () => {
  const figure = plot({
    width: 400,
    height: 300,
    title: "T",
    subtitle: "S",
    caption: "C",
    color: { legend: true },
    marks: [Plot.dot(points, { x: "x", y: "y", fill: "kind" })],
  });
  const svg = parseXml(figure.svg);
  assert.equal(svg.localName, "svg");
  assert.equal(svg.getAttribute("width"), "400");
  // 300 (plot) + 28 (title) + 24 (subtitle) + 38 (one line of swatches) + 22 (caption)
  assert.equal(svg.getAttribute("height"), "412");
  const foreign = svg.querySelectorAll("foreignObject")[0];
  assert.equal(foreign?.getAttribute("height"), "412");
  assert.ok(figure.svg.includes('<div xmlns="http://www.w3.org/1999/xhtml"'));
  assert.ok(figure.svg.includes('<svg xmlns="http://www.w3.org/2000/svg" viewBox='));
});

Deno.test("figureSvg() rejects markup that is not an element", () => {
  assert.throws(() => figureSvg(""), TypeError);
  assert.throws(() => figureSvg("just text"), /'markup' must start with an element/);
});

Deno.test("new Figure() accepts markup from elsewhere", () => {
  const figure = new Figure('<svg width="1" height="1"></svg>');
  assert.ok(figure.isSvg);
  assert.ok(figure.svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
});

Deno.test("Figure's text fallback names the figure's title", () => {
  const figure = plot({ title: "Load & delay", marks: [Plot.ruleY([0])] });
  assert.equal(figure[JUPYTER_DISPLAY]()["text/plain"], "Plot figure: Load & delay");
});

Deno.test("plot() draws a continuous color legend without a real canvas", () => {
  const figure = plot({
    color: { legend: true, type: "linear", scheme: "viridis" },
    marks: [Plot.dot(points, { x: "x", y: "y", fill: "y" })],
  });
  const href = /<image [^>]*href="data:image\/svg\+xml;base64,([^"]+)"/.exec(figure.html)?.[1];
  assert.ok(href !== undefined, "the ramp is an SVG image");
  const ramp = atob(href);
  assert.match(ramp, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="256" height="1"/);
  assert.ok((ramp.match(/<rect /g) ?? []).length > 100, "one rect per colour run");
  const again = plot({
    color: { legend: true, type: "linear", scheme: "viridis" },
    marks: [Plot.dot(points, { x: "x", y: "y", fill: "y" })],
  });
  assert.equal(again.html, figure.html);
});

Deno.test("figureSvg() declares the xlink namespace when the SVG uses it", () => {
  const svg = figureSvg('<svg width="4" height="4"><image xlink:href="data:," /></svg>');
  assert.ok(
    svg.startsWith(
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"',
    ),
  );
});
