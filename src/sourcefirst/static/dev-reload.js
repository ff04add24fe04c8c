// `serve --dev` only: reload the page when the server reports a finished rebuild.
"use strict";
(function () {
  if (!window.EventSource) return;
  var events = new EventSource("/dev/events");
  events.addEventListener("reload", function () { window.location.reload(); });
  events.addEventListener("refused", function (event) {
    document.documentElement.setAttribute("data-build-refused", event.data);
  });
})();
