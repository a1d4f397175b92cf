// factsite's live preview banner (mkdocs serve only; see generator/plugin/preview.py).
// Reads problems.json next to this script, uncached, and, while there are
// problems, puts a banner at the top of the page: the counts in words (not
// colour alone), then the first diagnostics as `factsite check` prints them.
// Every text goes in with textContent: nothing in a diagnostic is HTML.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = new URL("problems.json", script.src);

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  function line(tag, text, cls) {
    var node = document.createElement(tag);
    node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  function banner(data) {
    var box = document.createElement("section");
    box.id = "fs-preview-banner";
    box.className = "fs-preview-banner";
    box.setAttribute("role", "alert");
    var counts = [];
    if (data.errors) counts.push(plural(data.errors, "error"));
    if (data.warnings) counts.push(plural(data.warnings, "warning"));
    var head = "\u26a0 Preview: " + counts.join(" and ") + " in the claims or sources";
    if (data.left_out) head += "; " + plural(data.left_out, "claim") + " left out of this preview";
    box.appendChild(line("p", head + ".", "fs-preview-banner__title"));
    var list = document.createElement("ul");
    data.shown.forEach(function (d) {
      var item = document.createElement("li");
      item.appendChild(line("code", d.path + ":" + d.line + ":" + d.column));
      item.appendChild(document.createTextNode(" " + d.severity + "[" + d.code + "]: " + d.message));
      if (d.hint) item.appendChild(line("div", "hint: " + d.hint, "fs-preview-banner__hint"));
      list.appendChild(item);
    });
    box.appendChild(list);
    if (data.more) box.appendChild(line("p", "… and " + data.more + " more: run factsite check for the whole list."));
    return box;
  }

  fetch(url, { cache: "no-store" })
    .then(function (response) {
      return response.ok ? response.json() : null;
    })
    .then(function (data) {
      var old = document.getElementById("fs-preview-banner");
      if (old) old.remove();
      if (!data || (!data.errors && !data.warnings)) return;
      var place = document.querySelector(".md-content__inner") || document.body;
      place.insertBefore(banner(data), place.firstChild);
    })
    .catch(function () {
      /* no problems file (a published site): no banner */
    });
})();
