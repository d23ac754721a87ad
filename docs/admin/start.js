/* Starts Decap CMS on /admin/ with the house-style file formats (house-style.js) and the id field (banma-id). */
(function () {
  "use strict";
  var CMS = window.CMS || (window.DecapCms && window.DecapCms.default);
  var h = window.h;
  var orders = JSON.parse(document.getElementById("banma-field-orders").textContent);
  // Every item's id and name by folder, drafts too (banma/pages/editor_form.py: item_names).
  var names = JSON.parse(document.getElementById("banma-item-names").textContent);
  window.BanmaHouseStyle.registerFormats(CMS, window.jsyaml, orders);

  function folderOf(props) {
    return props.collection.get("name");
  }

  function isNew(props) {
    return !!props.entry.get("newRecord");
  }

  /* The id: typed once, for a new item (it becomes the file name and the URL); shown, never edited, on an
     existing one, whose pages and references depend on it (a rename is a file rename and every reference,
     which the validator and the change summary recognise). */
  var IdControl = window.createClass({
    componentDidMount: function () {
      // Not `required` in the config (an existing item's file has no id to show): say what applies instead
      // of Decap's “(可选)”.
      var label = document.querySelector('label[for="' + this.props.forID + '"]');
      if (label) label.textContent = "编号（文件名）" + (isNew(this.props) ? "（必填）" : "");
    },
    isValid: function () {
      var value = this.props.value || "";
      if (!isNew(this.props)) return true;
      if (!value) return { error: { message: "请填写“编号（文件名）”。 Fill in the id (file name)." } };
      var taken = names[folderOf(this.props)] || {};
      if (Object.prototype.hasOwnProperty.call(taken, value)) {
        return { error: { message: "编号“" + value + "”已被“" + taken[value] + "”使用，请换一个。 The id " +
          value + " is taken." } };
      }
      return true;
    },
    render: function () {
      var props = this.props;
      if (!isNew(props)) {
        return h("div", { id: props.forID, className: props.classNameWrapper, "aria-readonly": "true" },
          h("code", null, props.entry.get("slug")),
          h("p", null, "已有条目的编号不能在表单中修改：它是文件名和网址，其他条目也按它引用。需要改名时，请在仓库中改文件名并修改所有引用（校验会提示），或联系网站维护者。"));
      }
      return h("input", {
        type: "text", id: props.forID, className: props.classNameWrapper, value: props.value || "",
        autoComplete: "off", spellCheck: false,
        onChange: function (event) { props.onChange(event.target.value.trim()); },
        onFocus: props.setActiveStyle, onBlur: props.setInactiveStyle
      });
    }
  });
  CMS.registerWidget("banma-id", IdControl);
  // The citation button of every rich-text field (cite-button.js): sources by title, with an optional quote.
  CMS.registerEditorComponent(window.BanmaCiteButton.component(names.sources || {}));

  // A new item needs an id (the field is required; this stops a save the form let through anyway).
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

  // Decap 3.16's icon-only controls have no accessible name, and its pickers' lists no role: name them for screen
  // readers and voice control.
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
    // The choices of a picker (a source, a landmark) are options in a scrolling list Decap does not mark as one.
    root.querySelectorAll('[role="option"]').forEach(function (option) {
      if (option.closest('[role="listbox"]')) return;  // named already: no style read on every change of the form
      var list = scrollingParent(option) || option.parentElement;
      if (!list || list.getAttribute("role")) return;
      var box = document.querySelector('[role="combobox"][aria-expanded="true"]');  // the picker that is open
      var label = box && box.labels && box.labels[0];
      list.setAttribute("role", "listbox");
      list.setAttribute("aria-label", label ? label.textContent.trim() : "选项 Choices");
    });
  }
  function scrollingParent(element) {
    for (var parent = element.parentElement, up = 0; parent && up < 4; parent = parent.parentElement, up += 1) {
      if (/auto|scroll/.test(getComputedStyle(parent).overflowY)) return parent;
    }
    return null;
  }
  // A collapsed stop's summary is its landmark's id (Decap's summaries cannot look names up): show the name.
  var places = names.landmarks || {};
  function nameSummaries(root) {
    root.querySelectorAll('[class*="NestedObjectLabel"]')
      .forEach(function (summary) {
        var id = summary.textContent.trim();
        if (Object.prototype.hasOwnProperty.call(places, id) && !summary.dataset.banmaNamed) {
          summary.dataset.banmaNamed = "1";
          summary.textContent = places[id] + "（" + id + "）";
        }
      });
  }
  new MutationObserver(function () { nameControls(document); nameSummaries(document); })
    .observe(document.body, { childList: true, subtree: true });
})();
