/* 半马苏河 search worker: answers Material's search box from the sharded index in search/hm/.
 *
 * It speaks Material's worker protocol (0 setup, 1 ready, 2 query, 3 result), so results appear
 * in Material's own search box, list and keyboard handling. Tokens follow banma/search/tokens.py
 * exactly: Han text in overlapping pairs (a lone character as itself), ASCII words whole; Latin
 * words also match names by pinyin (full or initials) and English words as prefixes.
 * Results are ranked by what the query matched (a name before a mention, a place named in a question before
 * another's facts, items before overviews), as banma/search/ranking.py declares and meta.json's "ranking" weighs.
 * Only the shards a query needs are fetched (and only those that exist: meta.json lists the name-key shards).
 * A query that finds nothing as typed is rewritten by the rules of banma/search/query_rules.py (q.json,
 * fetched then and only then): synonyms, traditional characters, question words, Chinese numerals; words the
 * index does not hold at all are then left out, so a longer phrase is matched by its parts.
 * The first answer holds the first 30 results; when there are more, the page is told how many (over the channel)
 * and offers a button that asks for all of them ({ask: "all"}), so the rest costs nothing until it is wanted.
 * On a BroadcastChannel the page asks for the kinds of result (the index's own meta.json lists them) and sends the
 * one to show. The channel is the page view's own: its name comes in this worker's URL fragment (#name, see
 * macros/theme/main.html), so a second tab's search never acts on this one's. Only the newest query's count goes out.
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

// A token's postings: doc -> [weight, from a name key]. A document holding the token itself is read from the
// term shard; one found only by a name key (pinyin, initials) gets the best of its keys (ranking.py).
async function postingsFor(token) {
  const shard = await fetchJson(`t/${fnv1a(token) % meta.termShards}.json`);
  const found = new Map([...decodeOwn(shard, token)].map(([doc, weight]) => [doc, [weight, false]]));
  const prefix = [...token].slice(0, 2).join("");
  if (!HAN_RUN.test(token) && token.length >= 2 && meta.keyShards.includes(`|${prefix}|`)) {
    const keys = await fetchJson(`k/${prefix}.json`);
    const wholeKey = meta.ranking.wholeKey;
    for (const key of Object.keys(keys)) {
      if (!key.startsWith(token)) continue;
      for (const [doc, weight] of decodeOwn(keys, key)) {
        const whole = weight === wholeKey && key === token ? wholeKey : 1;
        const was = found.get(doc);
        if (!was || (was[1] && was[0] < whole)) found.set(doc, [whole, true]);
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

function idf(documents, holding) {
  return Math.floor(Math.log(1 + documents / Math.max(holding, 1)) * meta.ranking.idfScale + 0.5);
}

function addToken(hits, position, token, postings) {  // as ranking.add_token
  const r = meta.ranking;
  const weightIdf = idf(meta.docs, postings.size);
  for (const [doc, [weight, fromKey]] of postings) {
    if (!hits.has(doc)) hits.set(doc, {words: new Set(), tokens: new Set(), score: 0, nameWords: 0, facetWords: 0,
                                       nameSizes: [], namePositions: new Set()});
    const hit = hits.get(doc);
    hit.words.add(position);
    hit.tokens.add(token);
    const text = fromKey ? r.nameKeyWeight : weight % r.facetFlag;
    const size = fromKey ? (weight === r.wholeKey ? 1 : 0) : Math.floor(weight / r.nameSizeUnit);
    hit.score += text * weightIdf;
    const inName = fromKey || text >= r.nameWeight;
    hit.nameWords += inName ? 1 : 0;
    if (inName) hit.namePositions.add(position);
    hit.facetWords += !fromKey && Math.floor(weight / r.facetFlag) % 2 === 1 ? 1 : 0;
    if (size) hit.nameSizes.push(size);
  }
}

async function match(queryTokens, dropUnknown = false) {
  let lists = await Promise.all(queryTokens.map(postingsFor));
  if (dropUnknown && lists.some(list => list.size)) {  // a word no page holds cannot narrow anything: leave it out
    queryTokens = queryTokens.filter((_, index) => lists[index].size);
    lists = lists.filter(list => list.size);
  }
  const hits = new Map();
  lists.forEach((list, position) => addToken(hits, position, queryTokens[position], list));
  return {hits, queryTokens};
}

// The token count of the longest whole name the query holds (ranking.whole_name).
function wholeName(sizes) {
  let best = 0;
  [...sizes].sort((a, b) => a - b).forEach((size, position) => { if (position + 1 >= size) best = size; });
  return best;
}

function isOverview(doc) { return meta.overview.some(([start, end]) => start <= doc && doc < end); }

function boostOf(doc) {
  const boost = own(meta.boosts, String(doc));
  return typeof boost === "number" ? boost : 1;
}

function rankKey(doc, hit) {  // as ranking.rank_key: compared element by element, larger first
  const boost = boostOf(doc), overview = isOverview(doc), whole = wholeName(hit.nameSizes);
  const nearest = hit.nameSizes.length ? Math.min(...hit.nameSizes) : meta.ranking.nameSizeCap + 1;
  return [boost >= 1 ? 1 : 0, !overview && whole > 0 ? 1 : 0, whole, hit.nameWords, hit.facetWords, -nearest,
          overview ? 0 : 1, hit.score * boost, -doc];
}

function byRank(hits) {
  const keys = new Map([...hits].map(([doc, hit]) => [doc, rankKey(doc, hit)]));
  return (a, b) => {
    const ka = keys.get(a), kb = keys.get(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return kb[i] - ka[i];
    return 0;
  };
}

function longestRun(positions) {  // the most query tokens in a row
  let best = 0;
  for (const start of positions) {
    if (positions.has(start - 1)) continue;
    let end = start;
    while (positions.has(end)) end++;
    best = Math.max(best, end - start);
  }
  return best;
}

// Documents holding every query token, whose whole name the query holds, or whose names hold nameRun in a row.
function candidatesOf(hits, size) {
  return [...hits].filter(([, hit]) => hit.words.size === size || wholeName(hit.nameSizes)
                                       || longestRun(hit.namePositions) >= meta.ranking.nameRun).map(([doc]) => doc);
}

let rules = null;
function queryRules() {
  if (!rules) rules = fetchJson("q.json");
  return rules;
}

async function search(query, post, everything = false) {  // step by step as ranking.search in Python
  let words = normalise(query).split(/\s+/).filter(Boolean);
  let queryTokens = [...new Set(tokens(query))];
  if (!queryTokens.length) return post({items: [], total: 0}, 0, 0);
  let {hits} = await match(queryTokens);
  let candidates = candidatesOf(hits, queryTokens.length);
  const latin = queryTokens.filter(t => !HAN_RUN.test(t));
  if (!candidates.length && latin.length > 1 && latin.length === queryTokens.length) {
    queryTokens = [latin.join("")];  // "ban ma" as "banma"
    ({hits} = await match(queryTokens));
    candidates = [...hits.keys()];
  }
  if (!candidates.length) {  // as the site's words would say it (query_rules.py), without words no page holds
    const rewritten = rewrite(query, await queryRules());
    const again = await match([...new Set(tokens(rewritten))], true);
    if (again.hits.size && again.queryTokens.length) {  // from here on, the query is the rewritten one
      ({hits, queryTokens} = again);
      candidates = candidatesOf(hits, queryTokens.length);
      words = rewritten.split(" ");
    }
  }
  const complete = candidates.length > 0;
  if (!complete) {  // nothing has every word: those with the most, and those whose names hold a word
    const most = Math.max(0, ...[...hits.values()].map(hit => hit.words.size));
    candidates = [...hits].filter(([, hit]) => hit.words.size === most || hit.nameWords).map(([doc]) => doc);
  }
  candidates.sort(byRank(hits));
  candidates = candidates.slice(0, MAX_RESULTS);
  const results = [];
  const show = (total, shown) => {
    results.sort((a, b) => b.score - a.score);
    const items = results.map(({doc, score, terms}) => [{
      // The kind goes in the title: Material would put tags in an unnamed <nav> per result.
      location: doc[0], title: `<span class="hm-kind">${escapeHtml(doc[2])}</span>${escapeHtml(doc[1])}`,
      text: highlight(doc[4], words), score, terms,
    }]);
    return post({items, total: items.length}, total, shown);
  };
  // All of them when asked, or when one kind is chosen (a doc's kind is known once its chunk is loaded).
  const wanted = everything || kindFilter ? candidates : candidates.slice(0, LIMIT);
  const rank = new Map(wanted.map((number, index) => [number, index]));
  for (let start = 0; start < wanted.length; start += LIMIT) {
    const slice = wanted.slice(start, start + LIMIT);
    const docs = await documents(slice);
    for (const number of slice) {
      const doc = docs.get(number);
      if (!doc || (kindFilter && doc[2] !== kindFilter)) continue;
      const terms = Object.create(null);  // a word such as "__proto__" is a key like any other
      for (const word of words) terms[word] = complete || tokens(word).every(t => hits.get(number).tokens.has(t));
      results.push({doc, terms, score: wanted.length - rank.get(number)});  // the rank, as a score
    }
  }
  return show(candidates.length, wanted.length);
}

async function answer(query, everything = false) {
  const mine = ++sequence;
  lastQuery = query;
  await search(query, (result, total, shown) => {
    if (mine !== sequence) return;  // a newer query is being answered: this answer and its count are stale
    if (channel) channel.postMessage({total, shown});
    self.postMessage({type: 3, data: result});
  }, everything);
}

const CHANNEL_NAME = IN_WORKER ? decodeURIComponent(self.location.hash.slice(1)) : "";
const channel = CHANNEL_NAME && self.BroadcastChannel ? new BroadcastChannel(`hm-search:${CHANNEL_NAME}`) : null;

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
