// Runs the browser's search worker (docs/assets/javascripts/search-worker.js) in Node on requests from stdin, one
// JSON line per batch: [[function, argument], …] -> a line [result, …], for tests/search/test_worker_parity.py to
// compare with the Python (tests/node_lines.py keeps one process for all the batches of a test module).
"use strict";
const readline = require("readline");
const worker = require("../../docs/assets/javascripts/search-worker.js");

async function answer(requests) {
  const results = [];
  for (const [name, argument] of requests) {  // one at a time: a search sets the worker's index
    if (name === "decode") results.push([...worker.decode(argument).entries()]);
    else if (name === "rewrite") results.push(worker.rewrite(...argument));  // [query, rules]
    else if (name === "search") results.push(await worker.searchIndex(...argument));  // [index files, query]
    else results.push(worker[name](argument));
  }
  return results;
}

(async () => {
  for await (const line of readline.createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    process.stdout.write(JSON.stringify(await answer(JSON.parse(line))) + "\n");
  }
})().catch((error) => { console.error(error); process.exit(1); });
