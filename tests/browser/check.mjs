// Opens every page of a built okr site in headless Chromium (Debian's) and
// fails on: console errors or page errors, axe-core violations of any
// impact (in the desktop and in the phone layout), a missing meta
// description, a page wider than a 390 px phone, a status pill or progress
// value off that screen, scripts in the page, and
// bars or pills that would vanish in print. Takes screenshots of the
// overview, a team, an objective, the trends and the strategy page (desktop
// and phone) and prints the overview, a team and an objective page.
//
// Usage: node check.mjs SITE_DIR SCREENSHOT_DIR [--trends]
//   --trends: the site was built from git history and must have trends.
//   The team and objective pages are the first of TEAMS and OBJECTIVES below
//   that the site has.
import { chromium } from "playwright-core";
import axe from "axe-core";
import { serve } from "./serve.mjs";
import { readdir, mkdir } from "node:fs/promises";
import { join, relative } from "node:path";

const [site, shots, ...flags] = process.argv.slice(2);
const TEAMS = ["cycles/2026-Q4/teams/platform.html", "cycles/2026-Q4/teams/qualitaet.html"];
const OBJECTIVES = ["cycles/2026-Q4/objectives/platform--boring-deploys.html", "cycles/2026-Q4/objectives/qualitaet--erstbesuch.html"];
if (!site || !shots) {
  console.error("usage: node check.mjs SITE_DIR SCREENSHOT_DIR");
  process.exit(2);
}

async function htmlPages(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(".html")) {
      out.push(relative(site, join(entry.parentPath ?? entry.path, entry.name)).split("\\").join("/"));
    }
  }
  return out.sort();
}

const { server, base } = await serve(site);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const failures = [];
let checked = 0;

// Every axe rule of every impact, WCAG 2.2's target size (24 px) included.
async function axeViolations(page) {
  await page.addScriptTag({ content: axe.source });
  const result = await page.evaluate(async () =>
    await window.axe.run(document, { resultTypes: ["violations"], rules: { "target-size": { enabled: true } } }));
  return result.violations.map((v) =>
    `axe ${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
}
try {
  await mkdir(shots, { recursive: true });
  const desktop = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: true });
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true });
  const pages = await htmlPages(site);
  // A site built from a git repository (acme-with-history.sh) must have trends.
  if (flags.includes("--trends") && !pages.includes("cycles/2026-Q4/trends.html")) failures.push("no trends page: the site was built without git history");
  const team = TEAMS.find((p) => pages.includes(p));
  const objective = OBJECTIVES.find((p) => pages.includes(p));
  if (!team || !objective) failures.push("the site has none of the team or objective pages to screenshot and print");
  const shown = [["overview", "index.html"], ["team", team], ["objective", objective], ["trends", "cycles/2026-Q4/trends.html"], ["strategy", "strategy.html"]]
    .filter(([, path]) => pages.includes(path));
  for (const path of pages) {
    const page = await desktop.newPage();
    const problems = [];
    page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
    page.on("response", (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
    await page.goto(base + path, { waitUntil: "load" });
    if ((await page.locator("script").count()) > 0) problems.push("the page has a script: the site must work without JavaScript");
    problems.push(...await axeViolations(page));
    if ((await page.locator("h1").count()) !== 1) problems.push("not exactly one h1");
    if ((await page.locator("main").count()) !== 1) problems.push("no main landmark");
    const description = await page.evaluate(() => document.querySelector('meta[name="description"]')?.content);
    if (!description || description.length < 50) problems.push(`no meta description of 50 characters or more (${description})`);
    for (const p of problems) failures.push(`${path}: ${p}`);
    await page.close();
    // Phone: nothing wider than the screen (wide tables scroll inside their own box).
    const small = await phone.newPage();
    await small.goto(base + path, { waitUntil: "load" });
    // The phone layout is a different page to axe: cards, stacked tables.
    for (const v of await axeViolations(small)) failures.push(`${path} (phone): ${v}`);
    // Against the screen's 390 px, not innerWidth: a mobile browser widens its
    // layout viewport to fit content that overflows, hiding the overflow.
    const overflow = await small.evaluate(() => document.documentElement.scrollWidth - 390);
    if (overflow > 1) failures.push(`${path}: ${overflow}px wider than a 390px phone screen`);
    // Every status pill and progress value is on the screen, not in a box
    // that scrolls sideways.
    const offscreen = await small.evaluate(() => [...document.querySelectorAll("main .pill, main .value")]
      .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.right > 391 || r.left < -1); })
      .map((e) => e.textContent.trim()));
    if (offscreen.length) failures.push(`${path}: ${offscreen.length} status pills or values off a 390px screen (${offscreen.slice(0, 3).join(", ")})`);
    await small.close();
    checked += 1;
  }
  for (const [name, path] of shown) {
    for (const [kind, context] of [["desktop", desktop], ["phone", phone]]) {
      const page = await context.newPage();
      await page.goto(base + path, { waitUntil: "load" });
      await page.screenshot({ path: join(shots, `${name}-${kind}.png`), fullPage: true });
      await page.close();
    }
  }
  // Print, as a browser prints by default (without backgrounds): the
  // navigation is left out, and every bar, marker and pill keeps its
  // colours (print-color-adjust: exact) and has a size.
  for (const [name, path] of shown.filter(([name]) => ["overview", "team", "objective"].includes(name))) {
    const print = await desktop.newPage();
    await print.goto(base + path);
    await print.emulateMedia({ media: "print" });
    for (const nav of ["nav.cycles", "nav.sections"]) {
      if (await print.locator(nav).isVisible()) failures.push(`print ${path}: ${nav} is printed`);
    }
    const bad = await print.evaluate(() => [...document.querySelectorAll(".bar, .fill, .expected, .pill")]
      .filter((e) => getComputedStyle(e).printColorAdjust !== "exact" || (e.classList.contains("bar") && e.getBoundingClientRect().width < 20))
      .map((e) => e.className));
    if (bad.length) failures.push(`print ${path}: ${bad.length} bars or pills lose their colours without backgrounds (${bad[0]})`);
    await print.pdf({ path: join(shots, `${name}-print.pdf`), format: "A4", printBackground: false });
    await print.close();
  }
} finally {
  await browser.close();
  server.close();
}
for (const f of failures) console.error(f);
console.log(`browser: ${checked} pages checked, ${failures.length} problems; screenshots in ${shots}`);
process.exit(failures.length === 0 && checked > 0 ? 0 : 1);
