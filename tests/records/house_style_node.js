// For tests/records/test_house_style.py: runs the web form's house-style writer (docs/admin/house-style.js)
// on JSON cases from stdin: {kind, order, data} is written as a file; {kind, order, text} is read, then written
// (or only read, with read_only). Prints the results as JSON.
"use strict";
const path = require("path");
const jsyaml = require("js-yaml");
const style = require(path.join(__dirname, "..", "..", "docs", "admin", "house-style.js"));

let input = "";
process.stdin.setEncoding("utf8");  // else a chunk boundary can split a character
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const results = JSON.parse(input).map((c) => {
    const data = c.text !== undefined ? style.readItem(jsyaml, c.text) : c.data;
    return c.read_only ? data : style.dumpItem(c.kind, data, c.order);
  });
  process.stdout.write(JSON.stringify(results));
});
