// The sequence analyser and compare tool on a static host. Our server answers their forms
// itself; a static host returns the empty tool page, so this script looks the request up in the
// list of pages the build pre-rendered (known.json) and goes there, or says plainly that the
// request needs the live server.
(function () {
  "use strict";
  var params = new URLSearchParams(window.location.search);

  function notice(el, text) { el.textContent = text; el.hidden = false; }

  function lookup(url) {
    return fetch(url, {headers: {"Accept": "application/json"}}).then(function (r) {
      if (!r.ok) { throw new Error("no list"); }
      return r.json();
    });
  }

  var sequenceNote = document.querySelector("[data-static-sequence]");
  var q = (params.get("q") || "").trim();
  if (sequenceNote && q) {
    // The parser's own form: upper case, no spaces, the plain H-/-OH termini dropped.
    var key = q.replace(/\s+/g, "").toUpperCase().replace(/^H-/, "").replace(/-OH$/, "");
    lookup("/tools/sequence/known.json").then(function (known) {
      if (known[key]) { window.location.replace(known[key]); return; }
      notice(sequenceNote, "This static copy of the site holds pre-computed results only for " +
        "the one-letter sequences of the peptides in the reference. Any other sequence needs " +
        "the live server (sourcefirst serve).");
    }).catch(function () {
      notice(sequenceNote, "The sequence analyser needs the live server on this copy of the site.");
    });
  }

  var compareNote = document.querySelector("[data-static-compare]");
  var chosen = params.getAll("p").map(function (p) { return p.trim().toLowerCase(); })
    .filter(function (p, i, all) { return p && all.indexOf(p) === i; }).sort();
  if (compareNote && chosen.length) {
    var target = "/compare/" + chosen.join("-vs-") + "/";
    lookup("/compare/known.json").then(function (known) {
      if (known.indexOf(target) >= 0) { window.location.replace(target); return; }
      notice(compareNote, chosen.length < 2 || chosen.length > 3
        ? "Choose two or three different peptides."
        : "This comparison was not pre-built for the static copy of the site; it needs the " +
          "live server (sourcefirst serve).");
    }).catch(function () {
      notice(compareNote, "The compare tool needs the live server on this copy of the site.");
    });
  }
})();
