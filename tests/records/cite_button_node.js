// For tests/records/test_citations.py: runs the form's citation button (docs/admin/cite-button.js) on JSON cases
// from stdin — {text} is read (the first marker it matches, or null); {source, quote} is written — and prints the
// results as JSON.
"use strict";
const path = require("path");
const button = require(path.join(__dirname, "..", "..", "docs", "admin", "cite-button.js"));

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const results = JSON.parse(input).map((c) => {
    if (c.text === undefined) return button.marker(c.source, c.quote);
    const match = button.PATTERN.exec(c.text);
    return match ? button.read(match) : null;
  });
  process.stdout.write(JSON.stringify(results));
});
