// Type-ahead for the search form. The page works without it: the form submits normally.
(function () {
  "use strict";
  var input = document.querySelector("input[data-suggest]");
  var list = document.getElementById("search-suggestions");
  if (!input || !list || !window.fetch) { return; }
  var timer = null;
  var latest = 0;
  function clear() { list.hidden = true; while (list.firstChild) { list.removeChild(list.firstChild); } }
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    var q = input.value.trim();
    if (q.length < 2) { clear(); return; }
    timer = window.setTimeout(function () {
      var ticket = ++latest;
      fetch(input.getAttribute("data-suggest") + "?limit=5&prefix=true&q=" + encodeURIComponent(q), {headers: {"Accept": "application/json"}})
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data || ticket !== latest) { return; }
          clear();
          data.items.forEach(function (hit) {
            var li = document.createElement("li");
            var a = document.createElement("a");
            a.href = hit.url;
            a.textContent = hit.title;  // text, never HTML
            li.appendChild(a);
            list.appendChild(li);
          });
          list.hidden = data.items.length === 0;
        })
        .catch(function () { clear(); });
    }, 150);
  });
  input.addEventListener("keydown", function (e) { if (e.key === "Escape") { clear(); } });
})();

// On a static host the server never sees the query: this page arrives without results, so the
// script answers from the Pagefind index the build wrote to /pagefind/. Served by our app, the
// page already holds the server's results and this block does nothing.
(function () {
  "use strict";
  var box = document.querySelector("[data-static-search]");
  if (!box) { return; }
  var q = (new URLSearchParams(window.location.search).get("q") || "").trim().slice(0, 500);
  if (!q) { return; }
  var input = document.getElementById("search-q");
  if (input) { input.value = q; }
  var heading = document.getElementById("static-results-heading");
  var note = document.getElementById("static-search-note");
  var list = document.getElementById("static-results");
  box.hidden = false;
  heading.textContent = "Searching for “" + q + "”…";
  // Pagefind's excerpts mark matches with <mark>; rebuild them as text nodes, never as HTML.
  function excerpt(text) {
    var p = document.createElement("p");
    p.className = "snippet";
    text.split(/(<mark>|<\/mark>)/).reduce(function (inMark, piece) {
      if (piece === "<mark>") { return true; }
      if (piece === "</mark>") { return false; }
      var plain = piece.replace(/<[^>]*>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">")
        .replace(/&quot;/g, "\"").replace(/&#39;/g, "'").replace(/&amp;/g, "&");
      var node = document.createTextNode(plain);
      if (inMark) { var m = document.createElement("mark"); m.appendChild(node); p.appendChild(m); }
      else { p.appendChild(node); }
      return inMark;
    }, false);
    return p;
  }
  import("/pagefind/pagefind.js")
    .then(function (pagefind) { return pagefind.search(q); })
    .then(function (search) {
      return Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); }))
        .then(function (items) { return {total: search.results.length, items: items}; });
    })
    .then(function (found) {
      heading.textContent = found.total + " result" + (found.total === 1 ? "" : "s") + " for “" + q + "”";
      note.textContent = "Searched the static index of this copy of the site.";
      found.items.forEach(function (item) {
        var li = document.createElement("li");
        var type = document.createElement("p");
        type.className = "result-type";
        type.textContent = (item.filters && item.filters.type && item.filters.type[0]) || "Page";
        var h3 = document.createElement("h3");
        var a = document.createElement("a");
        a.href = item.url;
        a.textContent = (item.meta && item.meta.title) || item.url;
        h3.appendChild(a);
        li.appendChild(type);
        li.appendChild(h3);
        li.appendChild(excerpt(item.excerpt || ""));
        list.appendChild(li);
      });
      if (found.total === 0) {
        var none = document.createElement("li");
        none.textContent = "Nothing matched. Try fewer or different words.";
        list.appendChild(none);
      }
    })
    .catch(function () {
      heading.textContent = "Search is not available on this copy of the site";
      note.textContent = "Neither the search server nor the static index could be reached.";
    });
})();
