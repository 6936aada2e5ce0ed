// Lighthouse (accessibility, best practices, SEO) on a built okr site with
// Debian's Chromium, desktop and mobile: every score must be 100. Prints the
// scores, and each audit that failed.
//
// Usage: node lighthouse.mjs SITE_DIR PAGE...
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";
import * as chromeLauncher from "chrome-launcher";
import { serve } from "./serve.mjs";

const [site, ...pages] = process.argv.slice(2);
if (!site || pages.length === 0) {
  console.error("usage: node lighthouse.mjs SITE_DIR PAGE...");
  process.exit(2);
}
const { server, base } = await serve(site);
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
