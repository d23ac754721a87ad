// Runs the browser's search worker (docs/assets/javascripts/search-worker.js) in Node on requests from stdin:
// [[function, argument], …] -> [result, …], for tests/search/test_worker_parity.py to compare with the Python.
"use strict";
const worker = require("../../docs/assets/javascripts/search-worker.js");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", chunk => { input += chunk; });
process.stdin.on("end", async () => {
  const results = [];
  for (const [name, argument] of JSON.parse(input)) {  // one at a time: a search sets the worker's index
    if (name === "decode") results.push([...worker.decode(argument).entries()]);
    else if (name === "rewrite") results.push(worker.rewrite(...argument));  // [query, rules]
    else if (name === "search") results.push(await worker.searchIndex(...argument));  // [index files, query]
    else results.push(worker[name](argument));
  }
  process.stdout.write(JSON.stringify(results));
});
