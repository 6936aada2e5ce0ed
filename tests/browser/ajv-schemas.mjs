// Compiles schemas/*.json with Ajv in strict mode (every keyword known,
// every `properties` with its `type`, no ambiguous unions) and validates
// every file of examples/acme with them. Run by .ci/run.
//   node tests/browser/ajv-schemas.mjs
import { readFileSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse } from "yaml";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
let failed = false;
const compile = (name) => {
  try {
    return ajv.compile(JSON.parse(readFileSync(join(root, "schemas", name), "utf8")));
  } catch (error) {
    console.error(`schemas/${name}: ${error.message}`);
    failed = true;
    return null;
  }
};
const okr = compile("okr.schema.json");
const config = compile("config.schema.json");
const acme = join(root, "examples", "acme");
const files = [["okr.yaml", config]];
for (const cycle of readdirSync(join(acme, "okrs")).sort()) {
  for (const file of readdirSync(join(acme, "okrs", cycle)).sort()) {
    files.push([join("okrs", cycle, file), okr]);
  }
}
for (const [file, validate] of files) {
  if (!validate) continue;
  const data = parse(readFileSync(join(acme, file), "utf8"));
  if (!validate(data)) {
    console.error(`examples/acme/${file}: ${ajv.errorsText(validate.errors)}`);
    failed = true;
  }
}
if (failed) process.exit(1);
console.log(`Ajv strict: both schemas compile; ${files.length} files of examples/acme are valid`);
