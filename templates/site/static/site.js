// dossier site: client-side search over the generated index (search-index.js), which is a
// script rather than a fetched JSON file so that it also works from file://. Text from the
// index is only ever inserted with textContent, never as HTML.
(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";
  var loading = null;

  function loadIndex(done) {
    if (window.DOSSIER_SEARCH) { done(); return; }
    if (!loading) {
      loading = [];
      var s = document.createElement("script");
      s.src = root + "search-index.js";
      s.onload = function () { var l = loading; loading = null; l.forEach(function (f) { f(); }); };
      document.head.appendChild(s);
    }
    loading.push(done);
  }

  // Ranks entries: exact ID, ID prefix, title, then text; every word of the query must match.
  function search(query, limit) {
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length || !window.DOSSIER_SEARCH) { return []; }
    var hits = [];
    window.DOSSIER_SEARCH.forEach(function (e) {
      var id = e[0].toLowerCase(), title = e[1].toLowerCase(), text = e[4].toLowerCase();
      var score = 0;
      for (var i = 0; i < words.length; i++) {
        var w = words[i];
        if (id === w) { score += 100; }
        else if (id.indexOf(w) === 0) { score += 50; }
        else if (id.indexOf(w) >= 0) { score += 30; }
        else if (title.indexOf(w) >= 0) { score += 10; }
        else if (text.indexOf(w) >= 0) { score += 1; }
        else { return; }
      }
      hits.push([score, e]);
    });
    hits.sort(function (a, b) { return b[0] - a[0] || (a[1][0] < b[1][0] ? -1 : a[1][0] > b[1][0] ? 1 : 0); });
    return hits.slice(0, limit).map(function (h) { return h[1]; });
  }

  // The part of an entry's text around the first word of the query it contains (the start
  // of the text when only the ID or title matched).
  function snippet(text, words) {
    var lower = text.toLowerCase(), at = -1;
    for (var i = 0; i < words.length && at < 0; i++) { at = lower.indexOf(words[i]); }
    if (at < 0) { return text.slice(0, 200) + (text.length > 200 ? "\u2026" : ""); }
    var start = Math.max(0, at - 80), end = Math.min(text.length, at + 160);
    return (start > 0 ? "\u2026" : "") + text.slice(start, end) + (end < text.length ? "\u2026" : "");
  }

  function item(e, withText, words) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = root + e[3];
    var id = document.createElement("span"); id.className = "id"; id.textContent = e[0];
    a.appendChild(id);
    a.appendChild(document.createTextNode(" " + e[1] + " "));
    var k = document.createElement("span"); k.className = "k"; k.textContent = e[2];
    a.appendChild(k);
    li.appendChild(a);
    if (withText && e[4]) {
      var p = document.createElement("div"); p.className = "t"; p.textContent = snippet(e[4], words || []);
      li.appendChild(p);
    }
    return li;
  }

  function setup() {
    var input = document.getElementById("q");
    var list = document.getElementById("search-results");
    if (input && list) {
      var update = function () {
        loadIndex(function () {
          var hits = search(input.value, 12);
          list.textContent = "";
          hits.forEach(function (e) { list.appendChild(item(e, false)); });
          list.hidden = hits.length === 0;
        });
      };
      input.addEventListener("focus", function () { loadIndex(function () {}); });
      input.addEventListener("input", update);
      input.addEventListener("keydown", function (ev) {
        if (ev.key === "Escape") { list.hidden = true; }
        if (ev.key === "ArrowDown" && !list.hidden) {
          var first = list.querySelector("a"); if (first) { first.focus(); ev.preventDefault(); }
        }
      });
      list.addEventListener("keydown", function (ev) {
        var links = Array.prototype.slice.call(list.querySelectorAll("a"));
        var at = links.indexOf(document.activeElement);
        if (ev.key === "ArrowDown" && at + 1 < links.length) { links[at + 1].focus(); ev.preventDefault(); }
        if (ev.key === "ArrowUp") { (at > 0 ? links[at - 1] : input).focus(); ev.preventDefault(); }
        if (ev.key === "Escape") { list.hidden = true; input.focus(); }
      });
      document.addEventListener("click", function (ev) {
        if (!list.contains(ev.target) && ev.target !== input) { list.hidden = true; }
      });
    }
    var page = document.getElementById("search-page-results");
    if (page) {
      var q = new URLSearchParams(window.location.search).get("q") || "";
      var box = document.getElementById("q-page");
      if (box) { box.value = q; }
      var status = document.getElementById("search-status");
      loadIndex(function () {
        var hits = search(q, 200);
        page.textContent = "";
        var words = q.toLowerCase().split(/\s+/).filter(Boolean);
        hits.forEach(function (e) { page.appendChild(item(e, true, words)); });
        if (status) {
          status.textContent = q ? hits.length + (hits.length === 1 ? " result" : " results") + " for \u201c" + q + "\u201d" : "Type a query.";
        }
      });
    }
  }

  // Filters the rows of an index table as the reader types (every word must appear).
  function setupFilter() {
    var input = document.querySelector("input[data-filter]");
    if (!input) { return; }
    var table = document.getElementById(input.getAttribute("data-filter"));
    var count = document.getElementById("filter-count");
    if (!table) { return; }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var texts = rows.map(function (r) { return r.textContent.toLowerCase(); });
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (r, i) {
        var ok = words.every(function (w) { return texts[i].indexOf(w) >= 0; });
        r.hidden = !ok;
        if (ok) { shown += 1; }
      });
      if (count) { count.textContent = words.length ? shown + " of " + rows.length : ""; }
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", function () { setup(); setupFilter(); }); } else { setup(); setupFilter(); }
})();
