// The Zensical build's search box (loaded only there: macros/zensical.py adds it to that build's config).
// Zensical's own box would fetch its whole index (search.json) on the first page view, and its worker speaks another
// protocol than ours. Here the dialog of macros/theme/zensical/partials/search.html asks our worker
// (search-worker.js, the sharded index: pinyin, synonyms, traditional characters, our ranking) through Material's
// worker protocol, as Material's box does under MkDocs: {type: 0} to start, 1 when ready, {type: 2, data: query},
// and {type: 3, data: {items}} with each answer. The worker starts when the dialog first opens, so a page view
// costs nothing. site.js adds to the result area what it adds under MkDocs (the count line read to screen readers,
// the kind filter, "show all"); those talk to the worker over this page view's BroadcastChannel, and its new answers arrive here.
(function () {
  var root = document.querySelector("[data-hm-zsearch]");
  var configElement = document.getElementById("__config");
  if (!root || !configElement || !window.Worker) return;
  var config = JSON.parse(configElement.textContent);
  var translations = config.translations || {};
  var base = new URL(String(config.base || ".").replace(/\/?$/, "/"), location.href);
  var dialog = root.querySelector("dialog");
  var input = root.querySelector("input");
  var meta = root.querySelector(".md-search-result__meta");
  var list = root.querySelector(".md-search-result__list");
  var toggle = document.getElementById("__search");  // Zensical's checkbox, which the header's search icon toggles
  var worker = null;
  var ready = false;
  var waiting = null;  // a query typed before the worker was ready

  function say(key, count) {
    return String(translations[key] || "").replace("#", String(count));
  }

  function start() {
    if (worker) return;
    var url = new URL("assets/javascripts/search-worker.js", base);
    url.hash = document.documentElement.getAttribute("data-hm-search") || "";  // this page view's channel (main.html)
    worker = new Worker(url);
    worker.addEventListener("message", function (event) {
      var message = event.data || {};
      if (message.type === 1) {
        ready = true;
        if (waiting !== null) ask(waiting);
      } else if (message.type === 3) {
        show(message.data || {});
      }
    });
    worker.addEventListener("error", function () {  // the worker or its index could not be loaded: say so
      meta.textContent = "搜索暂时无法使用，请稍后再试。";
    });
    worker.postMessage({type: 0, data: {}});
  }

  function ask(query) {
    if (!query.trim()) {  // back to the placeholder; a late answer to an older query is not shown
      waiting = null;
      list.textContent = "";
      meta.textContent = say("search.result.placeholder");
      return;
    }
    if (!ready) { waiting = query; start(); return; }
    waiting = null;
    worker.postMessage({type: 2, data: query});
  }

  function missing(terms) {
    var words = Object.keys(terms || {}).filter(function (word) { return !terms[word]; });
    if (!words.length) return null;
    var line = document.createElement("p");
    line.className = "hm-zsearch__missing";
    line.textContent = (translations["search.result.term.missing"] || "") + "：" + words.join(" ");
    return line;
  }

  // One list item per result, in Material's markup. The worker escapes the title and text it sends (HTML with
  // <span class="hm-kind"> and <mark> only).
  function item(result) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = new URL(result.location, base).href;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var title = document.createElement("h2");
    title.innerHTML = result.title;
    var text = document.createElement("p");
    text.innerHTML = result.text;
    article.appendChild(title);
    article.appendChild(text);
    var line = missing(result.terms);
    if (line) article.appendChild(line);
    link.appendChild(article);
    li.appendChild(link);
    return li;
  }

  function show(answer) {
    if (!input.value.trim()) return;
    var items = answer.items || [];
    list.textContent = "";
    items.forEach(function (group) { if (group && group[0]) list.appendChild(item(group[0])); });
    meta.textContent = items.length === 0 ? say("search.result.none")
      : items.length === 1 ? say("search.result.one") : say("search.result.other", items.length);
  }

  function open() {
    if (!dialog.open) dialog.showModal();
    if (toggle) toggle.checked = true;
    input.focus();
    input.select();
    start();
  }

  function close() {
    if (dialog.open) dialog.close();
  }

  dialog.addEventListener("close", function () { if (toggle) toggle.checked = false; });
  dialog.addEventListener("click", function (event) {
    if (event.target === dialog) close();  // a click on the backdrop
    if (event.target.closest && event.target.closest(".md-search-result__link")) close();  // (also for #anchors)
  });
  root.querySelector("[data-hm-zsearch-open]").addEventListener("click", open);
  root.querySelector("[data-hm-zsearch-close]").addEventListener("click", close);
  if (toggle) toggle.addEventListener("change", function () { if (toggle.checked) open(); else close(); });

  // Every change of the text searches: typing, paste, dictation, a finished IME composition.
  input.addEventListener("input", function (event) { if (!event.isComposing) ask(input.value); });
  input.addEventListener("compositionend", function () { ask(input.value); });
  input.form.addEventListener("submit", function (event) {  // Enter: the first result
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) first.click();
  });

  // Arrow keys walk the field, the kind filter and the results; "/" or Ctrl+K opens the search from anywhere.
  dialog.addEventListener("keydown", function (event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var stops = [input].concat(Array.prototype.slice.call(dialog.querySelectorAll(".hm-search-kinds a, .md-search-result__link")));
    var at = stops.indexOf(document.activeElement);
    if (at < 0) return;
    event.preventDefault();
    var next = stops[(at + (event.key === "ArrowDown" ? 1 : stops.length - 1)) % stops.length];
    next.focus();
  });
  document.addEventListener("keydown", function (event) {
    var typing = event.target.closest && event.target.closest("input, textarea, select, [contenteditable]");
    var shortcut = (event.key === "/" && !typing) || ((event.ctrlKey || event.metaKey) && event.key === "k");
    if (shortcut && !dialog.open) {
      event.preventDefault();
      open();
    }
  });
})();
