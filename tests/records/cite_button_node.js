// For tests/records/test_citations.py: runs the form's citation button (docs/admin/cite-button.js) on JSON cases
// from stdin, one JSON line per batch — {text} is read (the first marker it matches, or null); {source, quote} is
// written — and prints each batch's results as a JSON line.
"use strict";
const path = require("path");
const readline = require("readline");
const button = require(path.join(__dirname, "..", "..", "docs", "admin", "cite-button.js"));

readline.createInterface({ input: process.stdin, crlfDelay: Infinity }).on("line", (line) => {
  const results = JSON.parse(line).map((c) => {
    if (c.text === undefined) return button.marker(c.source, c.quote);
    const match = button.PATTERN.exec(c.text);
    return match ? button.read(match) : null;
  });
  process.stdout.write(JSON.stringify(results) + "\n");
});
