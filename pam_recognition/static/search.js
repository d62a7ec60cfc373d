/* PAM Recognition site search: loads this language's small index only when the search page
   is opened, and matches accent-insensitive word prefixes in the browser. Nothing is sent
   anywhere; results are built with DOM text nodes, never with HTML from the index. */
(function () {
  "use strict";
  var form = document.getElementById("pam-search");
  if (!form) return;
  var input = document.getElementById("pam-search-q");
  var out = document.getElementById("pam-search-results");
  var texts = JSON.parse(document.getElementById("pam-search-texts").textContent);
  var root = form.getAttribute("data-root") || "";
  var entries = null;

  function fold(s) {
    return (s || "").normalize("NFD").replace(/[\u0300-\u036f\u064b-\u0652]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "d").replace(/ß/g, "ss").toLowerCase();
  }
  function words(s) {
    return fold(s).split(/[\s\-,.;:!?()\[\]"“”«»\/،؛؟]+/).filter(Boolean);
  }
  function prepare(raw) {
    return raw.map(function (e) {
      return { title: e[0], url: e[1], text: e[3], words: words(e[0] + " " + e[2] + " " + e[3]) };
    });
  }
  function matches(entry, query) {
    return query.every(function (q) {
      return entry.words.some(function (w) { return w.lastIndexOf(q, 0) === 0; });
    });
  }
  function show(query) {
    while (out.firstChild) out.removeChild(out.firstChild);
    var q = words(query);
    if (!q.length || !entries) return;
    var hits = entries.filter(function (e) { return matches(e, q); }).slice(0, 50);
    var head = document.createElement("p");
    head.textContent = hits.length ? texts.search_results.replace("{count}", hits.length) : texts.search_none;
    out.appendChild(head);
    if (!hits.length) return;
    var list = document.createElement("ul");
    list.className = "pam-search-results";
    hits.forEach(function (e) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + e.url;
      link.textContent = e.title;
      item.appendChild(link);
      if (e.text) {
        var small = document.createElement("div");
        small.className = "pam-search-text";
        small.textContent = e.text;
        item.appendChild(small);
      }
      list.appendChild(item);
    });
    out.appendChild(list);
  }
  form.addEventListener("submit", function (ev) { ev.preventDefault(); show(input.value); });
  input.addEventListener("input", function () { show(input.value); });
  var initial = new URLSearchParams(window.location.search).get("q") || "";
  if (initial) { input.value = initial; }  // never wipe what someone typed before the script ran
  fetch(form.getAttribute("data-src"))
    .then(function (r) { return r.json(); })
    .then(function (raw) { entries = prepare(raw); show(input.value); })
    .catch(function () { out.textContent = texts.search_none; });
})();
