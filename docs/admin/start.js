/* Starts Decap CMS on /admin/ with the house-style file formats (house-style.js). */
(function () {
  "use strict";
  var CMS = window.CMS || (window.DecapCms && window.DecapCms.default);
  var orders = JSON.parse(document.getElementById("banma-field-orders").textContent);
  window.BanmaHouseStyle.registerFormats(CMS, window.jsyaml, orders);
  // A new item needs an id: it becomes its file name and its URL.
  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var entry = event.entry;
      if (entry.get("newRecord") && !entry.getIn(["data", "id"])) {
        throw new Error("请填写“编号（文件名）”。 Fill in the id (file name).");
      }
      return entry.get("data");
    }
  });
  CMS.init();

  // Decap 3.16's icon-only controls have no accessible name; name them for screen readers and voice control.
  var ICON_NAMES = [
    ['path[d^="M11.916 9.96"]', "删除这一项 Remove this entry"],
    ['path[d^="m5.123 6.33"]', "展开或收起 Expand or collapse"]
  ];
  function nameControls(root) {
    root.querySelectorAll('[aria-roledescription="sortable"]:not([aria-label])').forEach(function (handle) {
      handle.setAttribute("aria-label", "拖动以调整顺序 Drag to reorder");
    });
    root.querySelectorAll('[data-slate-editor="true"]:not([aria-label])').forEach(function (editor) {
      var field = editor.closest('[aria-label="markdown field"]');
      var label = field && field.querySelector("label");
      if (label) editor.setAttribute("aria-label", label.textContent.trim());
    });
    root.querySelectorAll("button:not([aria-label])").forEach(function (button) {
      if (button.textContent.trim()) return;
      ICON_NAMES.forEach(function (pair) {
        if (button.querySelector(pair[0])) button.setAttribute("aria-label", pair[1]);
      });
    });
  }
  new MutationObserver(function () { nameControls(document); })
    .observe(document.body, { childList: true, subtree: true });
})();
