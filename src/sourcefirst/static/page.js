// Open the folded section (<details>) that holds the element a link points at, so a citation
// mark or a shared #ref-3 address lands on a visible reference in every browser.
"use strict";
(function () {
  function reveal() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    for (var node = target.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS" && !node.open) node.open = true;
    }
    target.scrollIntoView();
  }
  window.addEventListener("hashchange", reveal);
  if (window.location.hash) reveal();
})();
