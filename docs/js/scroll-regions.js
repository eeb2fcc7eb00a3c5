// A box that scrolls sideways (a wide table, a figure shown at full size on a phone, a long line of
// code) can be reached and scrolled from the keyboard: it gets a tab stop and a name (WCAG 2.1.1;
// axe-core's scrollable-region-focusable). A file, not an inline script: the site's policy allows none.
(function () {
  var boxes = ".md-typeset__scrollwrap, .figure-scroll, .figure-table, .table-scroll, .md-typeset pre > code";
  // Each region named by what it holds (a table's caption, a figure's text alternative), and numbered.
  function name(box, number) {
    var caption = box.querySelector("caption");
    var image = box.querySelector("img[alt]");
    var what = caption ? caption.textContent : image ? image.alt : box.tagName === "CODE" ? "Code" : "Table";
    return what.split(".")[0] + " (box " + number + ", scrolls sideways)";
  }
  function mark() {
    var number = 0;
    document.querySelectorAll(boxes).forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1 && !box.hasAttribute("tabindex")) {
        number += 1;
        box.tabIndex = 0;
        if (!box.hasAttribute("role") && box.tagName !== "CODE") box.setAttribute("role", "region");
        if (!box.hasAttribute("aria-label")) box.setAttribute("aria-label", name(box, number));
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mark);
  else mark();
  window.addEventListener("load", mark);
  window.addEventListener("resize", mark);
})();
