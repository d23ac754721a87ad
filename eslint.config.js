// ESLint for our own JavaScript (not the vendored Decap bundle): run by .ci/run as `npx eslint .`.
"use strict";
const js = require("@eslint/js");
const globals = require("globals");

module.exports = [
  { ignores: ["node_modules/", "site/", "docs/admin/vendor/", ".venv/"] },
  js.configs.recommended,
  {  // the site's scripts and the editing page's: plain browser scripts, one IIFE each
    files: ["docs/**/*.js"],
    languageOptions: { ecmaVersion: 2019, sourceType: "script", globals: { ...globals.browser } },
  },
  {  // the search worker: a Web Worker
    files: ["docs/assets/javascripts/search-worker.js"],
    languageOptions: { globals: { ...globals.worker } },
  },
  {  // scripts that Node loads too, for the tests that run them beside the Python (module.exports when present)
    files: ["docs/admin/house-style.js", "docs/admin/cite-button.js", "docs/assets/javascripts/search-worker.js"],
    languageOptions: { globals: { module: "readonly" } },
  },
  {  // Node helpers of the tests, and this file
    files: ["tests/**/*.js", "eslint.config.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "commonjs", globals: { ...globals.node } },
  },
];
