/*
 * The rich-text editor's citation button (“引用来源”): the editor picks a source by its title, shown as
 * “标题（编号）”, may paste the source's own words, and the editor's text gets the marker the site reads —
 * 【来源：编号】, or 【来源：编号｜原文摘录】 with a quote (banma/records/citations.py; a test runs both on the same
 * markers). An inline editor component of Decap CMS: markers already in the text open as the same button.
 * Works in the browser (window.BanmaCiteButton) and in Node (module.exports) for the tests.
 */
(function (root) {
  "use strict";

  // One source, optionally its quote: the markers this button writes and reads back (several sources in one
  // marker stay text, as typed).
  var PATTERN = /【\s*来源\s*[:：]\s*([a-z0-9]+(?:-[a-z0-9]+)*)\s*(?:[｜|]\s*([^】\n]*?))?\s*】/;

  function marker(sourceId, quote) {
    var words = (quote || "").replace(/\s+/g, " ").trim();
    return "【来源：" + sourceId + (words ? "｜" + words : "") + "】";
  }

  function read(match) {
    return { source: match[1], quote: match[2] || "" };
  }

  // sources: {id: title}; sorted by title, as an editor looks for them.
  function options(sources) {
    return Object.keys(sources).map(function (id) {
      return { label: sources[id] + "（" + id + "）", value: id };
    }).sort(function (a, b) { return a.label.localeCompare(b.label, "zh-CN"); });
  }

  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  // The dialog: a filter over the sources by title or id, the list, the quote; resolves with {source, quote}, or
  // null when the editor cancels.
  function ask(sources, initial) {
    return new Promise(function (resolve) {
      var all = options(sources);
      var filter = element("input", { type: "search", id: "banma-cite-filter", autocomplete: "off" });
      var list = element("select", { id: "banma-cite-source", size: "8", required: "" });
      var quote = element("textarea", { id: "banma-cite-quote", rows: "3", maxlength: "200" });
      quote.value = initial.quote || "";
      var problem = element("p", { role: "alert", class: "banma-cite-problem" });
      function show() {
        var wanted = filter.value.trim().toLowerCase();
        list.textContent = "";
        all.filter(function (o) { return !wanted || o.label.toLowerCase().indexOf(wanted) >= 0; })
          .forEach(function (o) {
            var option = element("option", { value: o.value }, [o.label]);
            option.selected = o.value === (list.dataset.chosen || initial.source);
            list.appendChild(option);
          });
      }
      list.addEventListener("change", function () { list.dataset.chosen = list.value; });
      filter.addEventListener("input", show);
      var insert = element("button", { type: "submit", class: "banma-cite-ok" }, ["插入引用 Insert"]);
      var cancel = element("button", { type: "button", class: "banma-cite-cancel" }, ["取消 Cancel"]);
      var form = element("form", { method: "dialog" }, [
        element("h2", {}, ["引用来源 Cite a source"]),
        element("label", { for: "banma-cite-filter" }, ["按标题或编号查找来源 Find a source by title or id"]), filter,
        element("label", { for: "banma-cite-source" }, ["来源 Source"]), list,
        element("label", { for: "banma-cite-quote" }, ["原文摘录（可选）：从来源中逐字粘贴说明这句话的原句，不超过 200 字 " +
          "Quote (optional): the source's own sentence, verbatim, at most 200 characters"]), quote,
        problem, element("p", { class: "banma-cite-buttons" }, [insert, cancel])]);
      var dialog = element("dialog", { class: "banma-cite", "aria-labelledby": "banma-cite-title" }, [form]);
      form.querySelector("h2").id = "banma-cite-title";
      function close(value) { dialog.close(); dialog.remove(); resolve(value); }
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        if (!list.value) { problem.textContent = "请先选择一个来源。 Choose a source first."; return; }
        if (/[】\n]/.test(quote.value)) { problem.textContent = "原文摘录里不能有】或换行。 No 】 or line break."; return; }
        close({ source: list.value, quote: quote.value.replace(/\s+/g, " ").trim() });
      });
      cancel.addEventListener("click", function () { close(null); });
      dialog.addEventListener("cancel", function (event) { event.preventDefault(); close(null); });
      show();
      document.body.appendChild(dialog);
      dialog.showModal();
      filter.focus();
    });
  }

  // Decap 3.16's inline editor components take no fields: they ask for their data themselves (onInsert, onEdit).
  function component(sources) {
    return {
      id: "banma-cite",
      label: "引用来源 Cite a source",
      type: "inline",
      pattern: PATTERN,
      fromBlock: read,
      toBlock: function (data) { return marker(data.source, data.quote); },
      toPreview: function (data) {
        return "［来源：" + (sources[data.source] || data.source || "") + (data.quote ? "｜有原文摘录" : "") + "］";
      },
      onInsert: function () { return ask(sources, { source: "", quote: "" }); },
      onEdit: function (change) { return ask(sources, change.data || {}); }
    };
  }

  var api = { PATTERN: PATTERN, marker: marker, read: read, options: options, component: component };
  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
  } else {
    root.BanmaCiteButton = api;
  }
})(this);
