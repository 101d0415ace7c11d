// Runs Material's own search worker (the file the site ships) in Node and answers queries,
// so a ranking can be measured without a browser. Usage:
//   node search_worker.js <worker.min.js> <search_index.json> <cases.json>
// cases.json: [[query, expected location], ...]; prints one JSON line per case:
//   {"query": ..., "expected": ..., "results": [first locations]}
"use strict";
const fs = require("fs");
const [workerPath, indexPath, casesPath] = process.argv.slice(2);

const answers = [];
let onMessage = null;
globalThis.self = globalThis;
globalThis.postMessage = message => answers.push(message);
globalThis.addEventListener = (type, listener) => { if (type === "message") onMessage = listener; };
(0, eval)(fs.readFileSync(workerPath, "utf8"));

const SETUP = 0, QUERY = 2, RESULT = 3;  // Material's SearchMessageType values
const index = JSON.parse(fs.readFileSync(indexPath, "utf8"));
index.options = index.options || { suggest: true };  // the page passes these; the index file has none

(async () => {
  await onMessage({ data: { type: SETUP, data: index } });
  for (const [query, expected] of JSON.parse(fs.readFileSync(casesPath, "utf8"))) {
    answers.length = 0;
    await onMessage({ data: { type: QUERY, data: query } });
    const result = answers.find(message => message.type === RESULT);
    const results = result ? result.data.items.slice(0, 3).map(group => group[0].location.split(/[#?]/)[0]) : [];
    process.stdout.write(JSON.stringify({ query, expected, results }) + "\n");
  }
})();
