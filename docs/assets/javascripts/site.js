// The site's only script of its own.
// 1. Elder-friendly mode (适老化): large text, high contrast, big targets, no animation.
//    Remembered on this device only (localStorage); nothing is sent anywhere.
// 2. Print buttons (station posters, route guides).
// 3. Copy-address buttons (the address text is in the button's data attribute).
(function () {
  var root = document.documentElement;
  function set(on) {
    if (on) root.setAttribute("data-hm-elder", ""); else root.removeAttribute("data-hm-elder");
    try { localStorage.setItem("hm-elder", on ? "1" : "0"); } catch (e) { /* private mode: not remembered */ }
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
  // Material replaces page content on instant navigation; keep the buttons in step.
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(update);
})();
