// For tests/records/test_house_style.py: runs the web form's house-style writer (docs/admin/house-style.js)
// on JSON cases from stdin, one JSON line per batch: {kind, order, data} is written as a file; {kind, order, text}
// is read, then written (or only read, with read_only). Prints each batch's results as a JSON line.
"use strict";
const path = require("path");
const readline = require("readline");
const jsyaml = require("js-yaml");
const style = require(path.join(__dirname, "..", "..", "docs", "admin", "house-style.js"));

readline.createInterface({ input: process.stdin, crlfDelay: Infinity }).on("line", (line) => {
  const results = JSON.parse(line).map((c) => {
    const data = c.text !== undefined ? style.readItem(jsyaml, c.text) : c.data;
    return c.read_only ? data : style.dumpItem(c.kind, data, c.order);
  });
  process.stdout.write(JSON.stringify(results) + "\n");
});
