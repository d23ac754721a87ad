// Runs the browser's search worker (docs/assets/javascripts/search-worker.js) in Node on requests from stdin:
// [[function, argument], …] -> [result, …], for tests/search/test_worker_parity.py to compare with the Python.
"use strict";
const worker = require("../../docs/assets/javascripts/search-worker.js");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", chunk => { input += chunk; });
process.stdin.on("end", () => {
  const results = JSON.parse(input).map(([name, argument]) => {
    if (name === "decode") return [...worker.decode(argument).entries()];
    if (name === "rewrite") return worker.rewrite(...argument);  // [query, rules]
    return worker[name](argument);
  });
  process.stdout.write(JSON.stringify(results));
});
