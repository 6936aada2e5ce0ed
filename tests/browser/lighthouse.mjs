// Lighthouse (accessibility, best practices, SEO) on a built okr site with
// Debian's Chromium, desktop and mobile: every score must be 100. Prints the
// scores, and each audit that failed.
//
// Usage: node lighthouse.mjs SITE_DIR PAGE...
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";
import * as chromeLauncher from "chrome-launcher";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { join, extname } from "node:path";

const [site, ...pages] = process.argv.slice(2);
if (!site || pages.length === 0) {
  console.error("usage: node lighthouse.mjs SITE_DIR PAGE...");
  process.exit(2);
}
const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".json": "application/json", ".csv": "text/csv" };
const server = createServer(async (req, res) => {
  const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
  if (path.includes("..")) { res.writeHead(400).end(); return; }
  try {
    const body = await readFile(join(site, path.endsWith("/") ? path + "index.html" : path));
    res.writeHead(200, { "content-type": types[extname(path)] ?? "application/octet-stream" }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}/`;
const categories = ["accessibility", "best-practices", "seo"];
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
const failures = [];
try {
  for (const page of pages) {
    for (const [form, config] of [["desktop", desktopConfig], ["mobile", undefined]]) {
      const result = await lighthouse(base + page, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: categories }, config);
      const lhr = result.lhr;
      const scores = categories.map((c) => `${c} ${Math.round((lhr.categories[c].score ?? 0) * 100)}`);
      console.log(`lighthouse ${form} ${page}: ${scores.join(", ")}`);
      for (const c of categories) {
        for (const ref of lhr.categories[c].auditRefs) {
          const audit = lhr.audits[ref.id];
          if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
            failures.push(`${form} ${page}: ${c}: ${ref.id}: ${audit.title}`);
          }
        }
      }
    }
  }
} finally {
  await chrome.kill();
  server.close();
}
for (const f of failures) console.error(f);
if (failures.length) process.exit(1);
