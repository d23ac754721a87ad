/* 半马苏河 search worker: answers Material's search box from the sharded index in search/hm/.
 *
 * It speaks Material's worker protocol (0 setup, 1 ready, 2 query, 3 result), so results appear
 * in Material's own search box, list and keyboard handling. Tokens follow banma/search/tokens.py
 * exactly: Han text in overlapping pairs (a lone character as itself), ASCII words whole; Latin
 * words also match names by pinyin (full or initials) and English words as prefixes.
 * Only the shards a query needs are fetched (and only those that exist: meta.json lists the name-key shards).
 * A query that finds nothing as typed is rewritten by the rules of banma/search/query_rules.py (q.json,
 * fetched then and only then): synonyms, traditional characters, question words, Chinese numerals; words the
 * index does not hold at all are then left out, so a longer phrase is matched by its parts.
 * The first answer holds the first 30 results; when there are more, the page is told how many (over the channel)
 * and offers a button that asks for all of them ({ask: "all"}), so the rest costs nothing until it is wanted.
 * On BroadcastChannel "hm-search" the page asks for the kinds
 * of result (the index's own meta.json lists them) and sends the one to show.
 * Tokens are data: a query may be any string ("constructor", "__proto__", "toString"), so the index's objects are
 * read through own() only, never by a plain property lookup that would find what every object inherits.
 * In Node (tests/search/test_worker_parity.py) it exports its tokeniser, hash, postings decoder and query rewriting
 * instead, and searchIndex(), which answers a query from index files handed to it.
 */
"use strict";

const IN_WORKER = typeof self === "object" && typeof self.postMessage === "function";
const BASE = IN_WORKER ? new URL("search/hm/", new URL("../../", self.location.href)) : null;
const HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2ffff}";
const RUN = new RegExp(`[${HAN}]+|[a-z0-9]+`, "gu");
const HAN_RUN = new RegExp(`^[${HAN}]+$`, "u");
const LIMIT = 30;  // the first answer; the rest when the visitor asks for them
const MAX_RESULTS = 500;
const NAME_KEY_WEIGHT = 60;

let meta = null;
let kindFilter = null;
let lastQuery = "";
let sequence = 0;
const files = new Map();

function normalise(text) { return text.normalize("NFKC").toLowerCase(); }

// The value `object` holds itself under `key` (JSON gives own properties), never one it inherits from Object.prototype.
function own(object, key) {
  return object !== null && typeof object === "object" && Object.prototype.hasOwnProperty.call(object, key)
    ? object[key] : undefined;
}

// As query_rules.rewrite in Python, step by step (the rules come sorted, longest phrase first).
const NUMBER = /([零〇一二两三四五六七八九十]{1,3})(?=号线|号|路|站|期|公里|楼|层)/gu;
const DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9};
const ASCII_WORD = /[a-z0-9]+/g;

function arabic(chinese) {
  if (!chinese.includes("十")) return [...chinese].map(c => String(DIGITS[c])).join("");
  const at = chinese.indexOf("十");
  const tens = chinese.slice(0, at), ones = chinese.slice(at + 1);
  if ([...tens].length > 1 || [...ones].length > 1 || ones.includes("十")) return chinese;  // 十十, 三二十
  return String((tens ? DIGITS[tens] : 1) * 10 + (ones ? DIGITS[ones] : 0));
}

function isAscii(text) { return [...text].every(c => c.charCodeAt(0) < 128); }

function rewrite(query, rules) {
  let text = [...normalise(query)].map(c => own(rules.t2s, c) || c).join("");
  text = text.replace(NUMBER, (_, number) => arabic(number));
  const asciiWords = new Map();
  for (const [phrase, replacement] of rules.synonyms) {
    if (isAscii(phrase)) asciiWords.set(phrase, replacement);
    else text = text.split(phrase).join(` ${replacement} `);
  }
  text = text.replace(ASCII_WORD, word => ` ${asciiWords.has(word) ? asciiWords.get(word) : word} `);
  const asciiFillers = new Set();
  for (const filler of rules.fillers) {
    if (isAscii(filler)) asciiFillers.add(filler);
    else text = text.split(filler).join(" ");
  }
  text = text.replace(ASCII_WORD, word => (asciiFillers.has(word) ? " " : word));
  return text.split(/\s+/).filter(Boolean).join(" ");
}

function tokens(text) {
  const found = [];
  for (const match of normalise(text).matchAll(RUN)) {
    const run = match[0];
    const chars = [...run];
    if (HAN_RUN.test(run) && chars.length > 1) {
      for (let i = 0; i < chars.length - 1; i++) found.push(chars[i] + chars[i + 1]);
    } else {
      found.push(run);
    }
  }
  return found;
}

function fnv1a(text) {
  let value = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    value ^= byte;
    value = Math.imul(value, 0x01000193) >>> 0;
  }
  return value >>> 0;
}

let load = path => fetch(new URL(path, BASE)).then(r => (r.ok ? r.json() : {})).catch(() => ({}));

function fetchJson(path) {
  if (!files.has(path)) files.set(path, load(path));
  return files.get(path);
}

function decodeOwn(object, key) {  // a token's postings, when the file holds them as it should (a string)
  const postings = own(object, key);
  return typeof postings === "string" ? decode(postings) : new Map();
}

function decode(postings) {
  const found = new Map();
  let doc = 0;
  for (const entry of postings.split(",")) {
    const [delta, weight] = entry.split(":");
    doc += parseInt(delta, 36);
    found.set(doc, weight ? parseInt(weight, 36) : 1);
  }
  return found;
}

async function postingsFor(token) {
  const shard = await fetchJson(`t/${fnv1a(token) % meta.termShards}.json`);
  const found = decodeOwn(shard, token);
  const latin = !HAN_RUN.test(token);
  if (latin && token.length >= 2 && meta.keyShards.includes(`|${[...token].slice(0, 2).join("")}|`)) {
    const keys = await fetchJson(`k/${[...token].slice(0, 2).join("")}.json`);
    for (const key of Object.keys(keys)) {
      if (key.startsWith(token)) {
        for (const doc of decodeOwn(keys, key).keys()) found.set(doc, (found.get(doc) || 0) + NAME_KEY_WEIGHT);
      }
    }
  }
  return found;
}

async function documents(numbers) {
  const chunks = [...new Set(numbers.map(n => Math.floor(n / meta.chunk)))];
  const loaded = await Promise.all(chunks.map(c => fetchJson(`d/${c}.json`)));
  const byChunk = new Map(chunks.map((c, i) => [c, loaded[i]]));
  return new Map(numbers.map(n => [n, (byChunk.get(Math.floor(n / meta.chunk)) || [])[n % meta.chunk]]));
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})[c]);
}

function highlight(text, words) {
  let html = escapeHtml(text);
  for (const word of words.filter(w => w).sort((a, b) => b.length - a.length)) {
    const pattern = escapeHtml(word).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    html = html.replace(new RegExp(`(?![^<]*>)(${pattern})`, "gi"), "<mark>$1</mark>");
  }
  return html;
}

function nameBoost(doc, query) {
  const compact = s => normalise(s).replace(/\s+/g, "");
  const q = compact(query);
  let best = 1;
  for (const name of doc[3]) {
    const n = compact(name);
    if (n === q) best = Math.max(best, 8);
    else if (n.startsWith(q)) best = Math.max(best, 4);
    else if (n.includes(q)) best = Math.max(best, 2);
  }
  return best;
}

async function match(queryTokens, dropUnknown = false) {
  let lists = await Promise.all(queryTokens.map(postingsFor));
  if (dropUnknown && lists.some(list => list.size)) {  // a word no page holds cannot narrow anything: leave it out
    queryTokens = queryTokens.filter((_, index) => lists[index].size);
    lists = lists.filter(list => list.size);
  }
  const scores = new Map();
  const matched = new Map();  // doc -> the query tokens it has
  lists.forEach((list, index) => {
    const idf = Math.log(1 + meta.docs / Math.max(list.size, 1));
    for (const [doc, weight] of list) {
      scores.set(doc, (scores.get(doc) || 0) + weight * idf);
      if (!matched.has(doc)) matched.set(doc, new Set());
      matched.get(doc).add(queryTokens[index]);
    }
  });
  return {scores, matched, queryTokens};
}

let rules = null;
function queryRules() {
  if (!rules) rules = fetchJson("q.json");
  return rules;
}

async function search(query, post, everything = false) {
  let words = normalise(query).split(/\s+/).filter(Boolean);
  let queryTokens = [...new Set(tokens(query))];
  if (!queryTokens.length) return post({items: [], total: 0});
  let {scores, matched} = await match(queryTokens);
  let candidates = [...scores.keys()].filter(d => matched.get(d).size === queryTokens.length);
  const latin = queryTokens.filter(t => !HAN_RUN.test(t));
  let complete = candidates.length > 0;
  if (!complete && latin.length > 1 && latin.length === queryTokens.length) {
    queryTokens = [latin.join("")];  // "ban ma" as "banma"
    ({scores, matched} = await match(queryTokens));
    candidates = [...scores.keys()];
    complete = candidates.length > 0;
  }
  if (!complete) {  // as the site's words would say it (query_rules.py), without words no page holds
    const rewritten = rewrite(query, await queryRules());
    const again = await match([...new Set(tokens(rewritten))], true);
    if (again.scores.size && again.queryTokens.length) {  // from here on, the query is the rewritten one
      ({scores, matched, queryTokens} = again);
      candidates = [...scores.keys()].filter(d => matched.get(d).size === queryTokens.length);
      complete = candidates.length > 0;
      words = rewritten.split(" ");
    }
  }
  if (!complete) {  // nothing has every word: show what has the most, and say what is missing
    const most = Math.max(0, ...[...matched.values()].map(set => set.size));
    candidates = [...scores.keys()].filter(d => matched.get(d).size === most);
  }
  candidates.sort((a, b) => scores.get(b) - scores.get(a) || a - b);
  candidates = candidates.slice(0, MAX_RESULTS);
  const results = [];
  const show = () => {
    results.sort((a, b) => b.score - a.score);
    const items = results.map(({doc, score, terms}) => [{
      // The kind goes in the title: Material would put tags in an unnamed <nav> per result.
      location: doc[0], title: `<span class="hm-kind">${escapeHtml(doc[2])}</span>${escapeHtml(doc[1])}`,
      text: highlight(doc[4], words), score, terms,
    }]);
    return post({items, total: items.length});
  };
  // All of them when asked, or when one kind is chosen (a doc's kind is known once its chunk is loaded).
  const wanted = everything || kindFilter ? candidates : candidates.slice(0, LIMIT);
  for (let start = 0; start < wanted.length; start += LIMIT) {
    const slice = wanted.slice(start, start + LIMIT);
    const docs = await documents(slice);
    for (const number of slice) {
      const doc = docs.get(number);
      if (!doc || (kindFilter && doc[2] !== kindFilter)) continue;
      const terms = Object.create(null);  // a word such as "__proto__" is a key like any other
      for (const word of words) terms[word] = complete || tokens(word).every(t => matched.get(number).has(t));
      results.push({doc, terms, score: scores.get(number) * nameBoost(doc, query) * doc[5]});
    }
  }
  if (channel) channel.postMessage({total: candidates.length, shown: wanted.length});
  return show();
}

async function answer(query, everything = false) {
  const mine = ++sequence;
  lastQuery = query;
  await search(query, result => { if (mine === sequence) self.postMessage({type: 3, data: result}); }, everything);
}

const channel = IN_WORKER && self.BroadcastChannel ? new BroadcastChannel("hm-search") : null;

function tellKinds() {
  if (channel && meta) channel.postMessage({kinds: meta.kinds});
}

if (IN_WORKER) {
  self.addEventListener("message", async event => {
    const message = event.data;
    if (message.type === 0) {
      meta = await fetchJson("meta.json");
      tellKinds();
      self.postMessage({type: 1});
    } else if (message.type === 2) {
      await answer(message.data);
    }
  });
}

if (channel) {
  channel.addEventListener("message", event => {
    const message = event.data || {};
    if (message.ask === "kinds") {
      tellKinds();  // (before meta.json has loaded, it is told once it has)
    } else if (message.ask === "all") {
      if (meta && lastQuery) answer(lastQuery, true);
    } else if ("kind" in message) {
      kindFilter = message.kind || null;
      if (meta && lastQuery) answer(lastQuery);
    }
  });
}

// Node only (tests): the answer the page would get for `query`, from index files given as {path under search/hm/:
// parsed JSON}; every result, not only the first answer's.
async function searchIndex(index, query) {
  load = path => Promise.resolve(own(index, path) || {});
  files.clear();
  rules = null;
  meta = await fetchJson("meta.json");
  let result = null;
  await search(query, answered => { result = answered; }, true);
  return result;
}

if (typeof module === "object" && module.exports) {
  module.exports = {normalise, tokens, fnv1a, decode, rewrite, searchIndex};
}
