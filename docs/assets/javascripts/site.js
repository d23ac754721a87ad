// The site's only script of its own.
// 1. Elder-friendly mode (适老化): large text, high contrast, big targets, no animation.
//    Remembered on this device only (localStorage); nothing is sent anywhere.
// 2. Print buttons (station posters, route guides).
// 3. Copy-address buttons (the address text is in the button's data attribute).
// 4. Search box: search on every input (paste, IME, voice), say how many results to screen readers,
//    and narrow results to one kind (地点, 线路 …) through the search worker's channel.
// 5. A wide table that does not fit says that it scrolls sideways (CSS shows the sign).
// 6. When a search has more results than the first answer, a button fetches the rest.
(function () {
  var root = document.documentElement;
  function set(on) {
    if (on) root.setAttribute("data-hm-elder", ""); else root.removeAttribute("data-hm-elder");
    try { localStorage.setItem("hm-elder", on ? "1" : "0"); } catch { /* private mode: not remembered */ }
    update();
  }
  function update() {
    var on = root.hasAttribute("data-hm-elder");
    document.querySelectorAll("[data-hm-elder-toggle]").forEach(function (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-hm-elder-toggle]");
    if (button) set(!root.hasAttribute("data-hm-elder"));
    if (event.target.closest && event.target.closest("[data-hm-print]")) window.print();
    var copy = event.target.closest && event.target.closest("[data-hm-copy]");
    if (copy && navigator.clipboard) {
      navigator.clipboard.writeText(copy.getAttribute("data-hm-copy")).then(function () {
        var status = copy.parentElement.querySelector(".hm-copy__done");
        if (status) status.textContent = "地址已复制";
      });
    }
  });
  update();

  var query = document.querySelector("[data-md-component=search-query]");
  var meta = document.querySelector(".md-search-result__meta");
  if (query) {
    // Material searches on key-up only: a paste, a finished IME composition or dictation fires no key.
    var searchNow = function () { query.dispatchEvent(new KeyboardEvent("keyup")); };
    query.addEventListener("input", function (event) { if (!event.isComposing) searchNow(); });
    query.addEventListener("compositionend", searchNow);
  }
  if (meta) {
    meta.setAttribute("role", "status");
    meta.setAttribute("aria-live", "polite");
    var bar = document.createElement("div");
    bar.className = "hm-search-kinds";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "只看一类结果");
    // This page view's channel to its search worker (macros/theme/main.html names it and tells the worker).
    var channelName = document.documentElement.getAttribute("data-hm-search");
    var channel = window.BroadcastChannel && channelName ? new BroadcastChannel("hm-search:" + channelName) : null;
    // The kinds come from the search index itself (meta.json), through the worker.
    var showKinds = function (kinds) {
      if (bar.childNodes.length) return;
      // Links acting as buttons: Material's arrow keys walk the links of the result area, so these are reachable.
      ["全部"].concat(kinds).forEach(function (kind, index) {
        var button = document.createElement("a");
        button.href = "#";
        button.setAttribute("role", "button");
        button.textContent = kind;
        button.setAttribute("aria-pressed", index === 0 ? "true" : "false");
        var choose = function (event) {
          event.preventDefault();
          event.stopPropagation();  // Material closes the search on any click on a link inside it
          bar.querySelectorAll("a").forEach(function (b) { b.setAttribute("aria-pressed", b === button ? "true" : "false"); });
          if (channel) channel.postMessage({kind: index === 0 ? null : kind});
        };
        button.addEventListener("click", choose);
        button.addEventListener("keydown", function (event) { if (event.key === " ") choose(event); });
        bar.appendChild(button);
      });
    };
    // More results than the first answer: a button asks the worker for all of them. It stands above the list:
    // below it, it would move away as Material adds results while one scrolls towards it (a tap then misses it).
    var more = document.createElement("button");
    more.type = "button";
    more.className = "md-button hm-search-more";
    more.hidden = true;
    more.addEventListener("click", function (event) {
      event.stopPropagation();
      more.hidden = true;
      if (channel) channel.postMessage({ask: "all"});
    });
    var list = document.querySelector(".md-search-result__list");
    if (list) list.parentNode.insertBefore(more, list);
    if (channel) {
      channel.addEventListener("message", function (event) {
        if (event.data && event.data.kinds) showKinds(event.data.kinds);
        if (event.data && "total" in event.data) {
          more.hidden = event.data.shown >= event.data.total;
          more.textContent = "显示全部 " + event.data.total + " 个结果";
        }
      });
      channel.postMessage({ask: "kinds"});
    }
    if (channel) meta.parentNode.insertBefore(bar, meta.nextSibling);
  }
  // The ☰ is a <label> for Material's hidden checkbox, which a keyboard cannot reach: put a real button
  // with the same icon in its place (CSS shows it where Material would show the label).
  var drawer = document.getElementById("__drawer");
  var label = document.querySelector("label.md-header__button[for='__drawer']");
  if (drawer && label) {
    var menu = document.createElement("button");
    menu.type = "button";
    menu.className = "md-header__button md-icon hm-menu";
    menu.setAttribute("aria-label", "导航菜单");
    menu.innerHTML = label.innerHTML;  // Material's own icon (an inline SVG from the theme)
    var expanded = function () { menu.setAttribute("aria-expanded", drawer.checked ? "true" : "false"); };
    menu.addEventListener("click", function () { drawer.click(); });
    drawer.addEventListener("change", expanded);
    label.parentNode.insertBefore(menu, label);
    expanded();
  }

  var markScrolling = function () {
    document.querySelectorAll(".hm-table-wrap").forEach(function (wrap) {
      wrap.toggleAttribute("data-hm-scrolls", wrap.scrollWidth > wrap.clientWidth + 1);
    });
  };
  if (window.ResizeObserver) {  // the width changes with the phone's turn and with elder mode's larger text
    var watching = new ResizeObserver(markScrolling);
    var watch = function () { document.querySelectorAll(".hm-table-wrap").forEach(function (w) { watching.observe(w); }); };
    watch();
    if (window.document$ && window.document$.subscribe) window.document$.subscribe(watch);
  }
  markScrolling();

  // Material replaces page content on instant navigation; keep the buttons in step.
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(update);
})();
