/* factsite search: the theme's search box over Pagefind's index, with facets.
 *
 * Nothing is fetched until the reader opens the search or types: then
 * pagefind/pagefind.js loads, and each query fetches only the index
 * chunks and result fragments it needs. Every text shown comes from the
 * index (claims, sources, facet values: untrusted) and is set as text,
 * never as HTML; Pagefind's excerpts are read by an inert DOMParser and
 * only their <mark> highlights are kept. The query is passed to Pagefind
 * as a string, never put into a page or a pattern.
 *
 * Keyboard: "/", "s" or "f" opens the search (as the theme's does), Escape
 * closes it, the down and up arrows move from the box through the results.
 */
(function () {
  "use strict";
  var dialog = document.querySelector("[data-fs-search]");
  var toggle = document.getElementById("__search");
  if (!dialog || !toggle) return;
  var input = document.getElementById("fs-search-query");
  var form = input.form;
  var status = document.getElementById("fs-search-status");
  var list = document.getElementById("fs-search-results");
  var facetBox = document.getElementById("fs-search-facets");
  var filterToggle = document.getElementById("fs-search-filter-toggle");

  // The facets, in order, with the words a reader sees.
  var FACETS = [["verdict", "Verdict"], ["source", "Source"], ["tag", "Tag"], ["claimant", "Claimant"], ["year", "Year"]];
  var MAX_QUERY = 200;  // characters of a query searched (the box takes no more)
  var SHOWN = 10;  // results shown at first, and added by "More results"
  var FACET_VALUES = 8;  // values of a facet shown before "All N"
  var DEBOUNCE_MS = 150;  // typing pauses this long before a search

  var pagefind = null, loading = null, chosen = {}, generation = 0, timer = null, results = [], shownCount = 0;
  var filtersOpen = false, filtersReady = null;
  var expanded = {};  // the facets whose "All N" the reader pressed: they stay whole as results change

  function siteBase() {
    var config = document.getElementById("__config");
    var base = ".";
    try { base = JSON.parse(config.textContent).base || "."; } catch (e) { /* the page's own folder */ }
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  }

  function load() {
    if (!loading) {
      var base = siteBase();
      loading = import(new URL("pagefind/pagefind.js", base).href).then(function (module) {
        pagefind = module;
        // The facets' values and counts come from the filter chunks, and a search loads only the
        // chunks of the filters it is given. They grow with the site (about 200 KB at 10,000
        // claims), so they are fetched only when the reader opens the filters (showFilters).
        return module.options({ baseUrl: base.pathname, excerptLength: 24 })
          .then(function () { return module; });
      });
      loading.catch(function () {
        loading = null;  // a later try loads it again (the preview writes the index after a rebuild)
        say("Search is not available here (the site must be served over HTTP, with its pagefind/ folder).");
      });
    }
    return loading;
  }

  function say(text) { status.textContent = text; }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }

  // Pagefind's excerpt, as text with its <mark>s; anything else in it is shown as text.
  function excerpt(html) {
    var out = el("p", "fs-search-excerpt");
    var doc = new DOMParser().parseFromString("<body>" + (html || "") + "</body>", "text/html");
    doc.body.childNodes.forEach(function (node) {
      if (node.nodeType === 1 && node.tagName === "MARK") out.appendChild(el("mark", null, node.textContent));
      else out.appendChild(document.createTextNode(node.textContent));
    });
    return out;
  }

  function filters() {
    var f = {};
    Object.keys(chosen).forEach(function (key) { if (chosen[key].length) f[key] = { any: chosen[key].slice() }; });
    return f;
  }

  function describe(count, query) {
    var parts = [];
    FACETS.forEach(function (facet) {
      if (chosen[facet[0]] && chosen[facet[0]].length) parts.push(facet[1] + ": " + chosen[facet[0]].join(" or "));
    });
    var words = count === 0 ? "No results" : count === 1 ? "1 result" : count + " results";
    if (query) words += " for “" + query + "”";
    if (parts.length) words += ", filtered by " + parts.join("; ");
    return words + ".";
  }

  // The filters are behind a button (closed at first, and on a phone they would fill the screen):
  // opening them fetches every filter chunk once (pagefind.filters()), then the facets show counts.
  function showFilters(open) {
    filtersOpen = open;
    filterToggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (!open) {
      facetBox.hidden = true;
      return;
    }
    load().then(function (pf) {
      if (!filtersReady) filtersReady = pf.filters();
      return filtersReady;
    }).then(function () { run(); });
  }

  function run() {
    var query = input.value.slice(0, MAX_QUERY).trim();
    var f = filters();
    var mine = ++generation;
    if (!query && !Object.keys(f).length) {
      list.textContent = "";
      say("Type to search the claims, the sources and the pages; filter by verdict, source, tag, claimant and year.");
      if (filtersOpen && filtersReady) {
        filtersReady.then(function (totals) { if (mine === generation) facetsFrom(totals || {}, totals || {}); });
      } else {
        facetBox.hidden = true;
      }
      return;
    }
    say("Searching…");
    load().then(function (pf) {
      return pf.search(query || null, { filters: f });
    }).then(function (search) {
      if (mine !== generation || !search) return;
      results = search.results;
      shownCount = 0;
      list.textContent = "";
      if (filtersOpen) facetsFrom(search.filters || {}, search.totalFilters || {});
      say(describe(results.length, query));
      return more();
    }).catch(function () { if (mine === generation) say("The search failed; try again."); });
  }

  function more() {
    var mine = generation;
    var slice = results.slice(shownCount, shownCount + SHOWN);
    shownCount += slice.length;
    return Promise.all(slice.map(function (r) { return r.data(); })).then(function (items) {
      if (mine !== generation) return;
      var old = list.querySelector(".fs-search-more");
      if (old) old.remove();
      items.forEach(function (item) { list.appendChild(resultItem(item)); });
      if (shownCount < results.length) {
        var li = el("li", "fs-search-more");
        var button = el("button", "md-button", "More results (" + (results.length - shownCount) + " more)");
        button.type = "button";
        button.addEventListener("click", function () { button.disabled = true; more(); });
        li.appendChild(button);
        list.appendChild(li);
      }
    });
  }

  function resultItem(item) {
    var meta = item.meta || {};
    var li = el("li", "md-search-result__item fs-search-item");
    var link = el("a", "md-search-result__link");
    link.href = item.url;
    var article = el("article", "md-search-result__article md-typeset fs-search-article");
    var kind = meta.kind || "page";
    var head = el("p", "fs-search-kind");
    if (kind === "claim") {
      var badge = el("span", "fs-badge fs-verdict-" + String(meta.verdict_key || "").replace(/[^a-z-]/g, ""), meta.verdict || "");
      head.appendChild(el("span", null, "Claim · "));
      head.appendChild(badge);
    } else {
      head.textContent = kind === "source" ? "Source" : "Page";
    }
    article.appendChild(head);
    article.appendChild(el("h2", "fs-search-title", meta.title || item.url));
    if (meta.line) article.appendChild(el("p", "fs-search-line", meta.line));
    // A claim's excerpts are quoted from these: the result says whose words they are.
    if (kind === "claim" && meta.sources) article.appendChild(el("p", "fs-search-sources", "Sources: " + meta.sources));
    article.appendChild(excerpt(item.excerpt));
    link.appendChild(article);
    link.addEventListener("click", function () { setOpen(false); });
    li.appendChild(link);
    return li;
  }

  // A facet value as the reader sees it and as the dialog passes it back to Pagefind. Pagefind's
  // search reads a filter value from its JSON text without unescaping it, so a value with a quote,
  // a backslash or a line break would never match as written: the index holds each value in its
  // JSON-escaped form (render/search.py), which is unescaped here, and JSON.stringify (Pagefind's)
  // escapes it again, to the very form stored.
  function unescaped(value) {
    if (value.indexOf("\\") < 0) return value;
    try { return JSON.parse("\"" + value + "\""); } catch (e) { return value; }
  }

  function byValue(counts) {
    var out = {};
    Object.keys(counts || {}).forEach(function (value) { out[unescaped(value)] = counts[value]; });
    return out;
  }

  // The facets are made anew with each result: a box the reader had focused (ticked with Space) is
  // focused again in the new ones, or the keyboard's place would be lost.
  function facetsFrom(remaining, total) {
    var active = document.activeElement;
    var refocus = active && active.type === "checkbox" && facetBox.contains(active) ? [active.name, active.value] : null;
    facetBox.textContent = "";
    FACETS.forEach(function (facet) {
      var key = facet[0], counts = byValue(remaining[key]), all = byValue(total[key]);
      var values = Object.keys(all).filter(function (v) { return counts[v] > 0 || (chosen[key] || []).indexOf(v) >= 0; });
      if (!values.length) return;
      values.sort(function (a, b) { return (counts[b] || 0) - (counts[a] || 0) || (a < b ? -1 : a > b ? 1 : 0); });
      var set = el("fieldset", "fs-search-facet");
      set.appendChild(el("legend", null, facet[1]));
      values.forEach(function (value, i) {
        var label = el("label", "fs-search-value");
        if (!expanded[key] && i >= FACET_VALUES && (chosen[key] || []).indexOf(value) < 0) label.hidden = true;
        var box = el("input");
        box.type = "checkbox";
        box.name = key;
        box.value = value;
        box.checked = (chosen[key] || []).indexOf(value) >= 0;
        box.addEventListener("change", function () {
          var now = chosen[key] || (chosen[key] = []);
          if (box.checked) now.push(value); else now.splice(now.indexOf(value), 1);
          run();
        });
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + value + " "));
        label.appendChild(el("span", "fs-search-count", "(" + (counts[value] || 0) + ")"));
        set.appendChild(label);
      });
      if (!expanded[key] && values.length > FACET_VALUES) {
        var all_ = el("button", "fs-search-all", "All " + values.length);
        all_.type = "button";
        all_.addEventListener("click", function () {
          expanded[key] = true;
          set.querySelectorAll("label[hidden]").forEach(function (l) { l.hidden = false; });
          var first = set.querySelector("input");
          all_.remove();
          if (first) first.focus();  // the button is gone: the keyboard goes on from the facet's first box
        });
        set.appendChild(all_);
      }
      facetBox.appendChild(set);
    });
    facetBox.hidden = !facetBox.childNodes.length;
    if (refocus) {
      facetBox.querySelectorAll("input").forEach(function (box) {
        if (box.name === refocus[0] && box.value === refocus[1]) box.focus();
      });
    }
  }

  // Opens or closes the dialog and tells the theme (its toggle's "change" event), as a click on the
  // search button does: on a phone the theme then holds the page still under the dialog
  // (body[data-md-scrolllock]), so that nothing scrolls sideways or behind it.
  function setOpen(state) {
    if (toggle.checked === state) return;
    toggle.checked = state;
    toggle.dispatchEvent(new Event("change"));
  }

  function open() {
    setOpen(true);
    input.focus();
    load();
  }

  filterToggle.addEventListener("click", function () { showFilters(!filtersOpen); });
  input.addEventListener("focus", function () { setOpen(true); load(); });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, DEBOUNCE_MS);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) first.focus();
  });
  form.addEventListener("reset", function () {
    chosen = {};
    expanded = {};
    setTimeout(function () { run(); input.focus(); }, 0);
  });
  toggle.addEventListener("change", function () { if (toggle.checked) { input.focus(); load(); } });

  function links() { return Array.prototype.slice.call(list.querySelectorAll("a.md-search-result__link")); }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (!toggle.checked) {
      if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey && (event.key === "/" || event.key === "s" || event.key === "f")) {
        event.preventDefault();
        open();
      }
      return;
    }
    if (event.key === "Escape") {
      setOpen(false);
      input.blur();
      return;
    }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      var all = links(), at = all.indexOf(document.activeElement);
      if (!all.length || (target !== input && at < 0)) return;
      event.preventDefault();
      var next = event.key === "ArrowDown" ? at + 1 : at - 1;
      if (next < 0) input.focus();
      else all[Math.min(next, all.length - 1)].focus();
    }
  });
})();
