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
