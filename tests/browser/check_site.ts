/**
 * Walks a static site in headless Chromium from its index, page by page, and checks
 * that every image is displayed and every link resolves: a page or file that exists,
 * an element id for a `#fragment`, and nothing outside the site (no absolute path, no
 * other host), so that the site works from the file system and from any static host.
 * Also a tiny static HTTP server, to serve the site as a host would.
 *
 * @module
 */

import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Chromium } from "./chromium.ts";
import { inPage, waitForImages } from "./page_checks.ts";

/** What the walk found. */
export interface SiteReport {
  /** Pages opened, by URL without fragment. */
  readonly pages: readonly string[];
  /** Images checked. */
  readonly images: number;
  /** Links checked. */
  readonly links: number;
  /** What is wrong, one line each (`page: problem`). */
  readonly problems: readonly string[];
}

interface PageLinks {
  images: { raw: string; url: string; ok: boolean }[];
  links: { raw: string; url: string }[];
  ids: string[];
}

/** Whether the file or URL `url` (no fragment) exists. */
async function exists(url: URL): Promise<boolean> {
  if (url.protocol === "file:") {
    return await Deno.stat(fileURLToPath(url)).then((info) => info.isFile, () => false);
  }
  const response = await fetch(url, { method: "HEAD" }).catch(() => undefined);
  await response?.body?.cancel();
  return response?.ok ?? false;
}

/**
 * Opens `start` and every page of the same site it links to, directly or not, and
 * checks their images and links (see the module doc).
 */
export async function checkSite(browser: Chromium, start: string): Promise<SiteReport> {
  const root = new URL(".", start);
  const inSite = (url: URL) =>
    url.protocol === root.protocol && url.host === root.host &&
    url.pathname.startsWith(root.pathname);
  const queue = [start];
  const pages: string[] = [];
  const idsOf = new Map<string, Set<string>>();
  const fragments: { from: string; page: string; id: string }[] = [];
  const problems: string[] = [];
  let images = 0;
  let links = 0;
  const page = await browser.newPage();
  try {
    while (queue.length > 0) {
      const url = queue.shift() as string;
      if (pages.includes(url)) continue;
      pages.push(url);
      const name = url.slice(root.href.length) || url;
      await page.goto(url);
      await waitForImages(page);
      const found = await inPage<PageLinks>(page, "pageLinks()");
      idsOf.set(url, new Set(found.ids));
      for (const image of found.images) {
        images++;
        if (!image.ok) problems.push(`${name}: image ${image.raw.slice(0, 80)} is not displayed`);
        if (/^(?:\/|[a-z][\w+.-]*:)/i.test(image.raw) && !image.raw.startsWith("data:")) {
          problems.push(`${name}: image ${image.raw} is not relative`);
        }
      }
      for (const link of found.links) {
        links++;
        if (link.raw.startsWith("#")) {
          fragments.push({ from: name, page: url, id: link.raw.slice(1) });
          continue;
        }
        if (/^(?:\/|[a-z][\w+.-]*:)/i.test(link.raw)) {
          problems.push(`${name}: link ${link.raw} is not relative`);
          continue;
        }
        const target = new URL(link.url);
        const hash = target.hash.slice(1);
        target.hash = "";
        if (!inSite(target)) {
          problems.push(`${name}: link ${link.raw} leaves the site`);
        } else if (!(await exists(target))) {
          problems.push(`${name}: link ${link.raw} does not resolve`);
        } else if (target.pathname.endsWith(".html")) {
          queue.push(target.href);
          if (hash !== "") fragments.push({ from: name, page: target.href, id: hash });
        }
      }
    }
  } finally {
    await page.close();
  }
  // As a browser finds a fragment's element: the id as written, else percent-decoded.
  for (const f of fragments) {
    const ids = idsOf.get(f.page);
    if (!(ids?.has(f.id) || ids?.has(safeDecode(f.id)))) {
      problems.push(
        `${f.from}: link #${f.id} names no element of ${f.page.slice(root.href.length)}`,
      );
    }
  }
  return { pages, images, links, problems };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".svg": "image/svg+xml",
  ".csv": "text/csv; charset=utf-8",
  ".png": "image/png",
  ".css": "text/css",
  ".js": "text/javascript",
};

/**
 * Serves the files under `dir` on 127.0.0.1 (a free port) as a plain static host does:
 * GET and HEAD, a content type by extension, 404 for anything else.
 */
export function serveStatic(dir: string): { url: string; shutdown(): Promise<void> } {
  const root = resolve(dir);
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const path = resolve(join(root, decodeURIComponent(new URL(req.url).pathname)));
    if (path !== root && !path.startsWith(root + sep)) return new Response(null, { status: 404 });
    const body = await Deno.readFile(path).catch(() => undefined);
    if (body === undefined) return new Response(null, { status: 404 });
    const headers = { "content-type": TYPES[extname(path)] ?? "application/octet-stream" };
    return new Response(req.method === "HEAD" ? null : body, { headers });
  });
  return { url: `http://127.0.0.1:${server.addr.port}/`, shutdown: () => server.shutdown() };
}
