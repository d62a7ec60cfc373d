/* PAM Recognition site search: loads this language's small index only when the search page
   is opened, and matches word prefixes in the browser. Nothing is sent anywhere; results are
   built with DOM text nodes, never with HTML from the index.

   Matching is forgiving in the ways people type: accents and Vietnamese diacritics do not
   matter (but an exact match ranks first, so "hàn" puts welding before "hành"); Arabic words
   lose their article and attached conjunctions or prepositions (ال، و، ف، ب، ل، ك), the forms of
   alef, hamza and ta marbuta are unified and common suffixes dropped, so "كهرباء", "كهربائي" and
   "الكهربائية" meet; Spanish and German plural and feminine endings are dropped
   ("electricistas", "Elektrikerin"). Titles and the names people use for an occupation rank
   above words that only occur in the short description. */
(function () {
  "use strict";
  var form = document.getElementById("pam-search");
  if (!form) return;
  var input = document.getElementById("pam-search-q");
  var out = document.getElementById("pam-search-results");
  var texts = JSON.parse(document.getElementById("pam-search-texts").textContent);
  var root = form.getAttribute("data-root") || "";
  // the page language's stemming, from the language registry: "none" switches it off;
  // otherwise each word is stemmed by its script (Arabic or Latin), as pages mix both
  var STEMMING = form.getAttribute("data-stemming") || "latin";
  var entries = null;
  var SPLIT = /[\s\-,.;:!?()\[\]"“”«»\/،؛؟…]+/;
  var ARABIC = /[\u0600-\u06ff]/;

  function lower(s) { return (s || "").toLowerCase(); }
  function fold(s) {
    return lower(s).normalize("NFD").replace(/[\u0300-\u036f\u064b-\u0655\u0670\u0640]/g, "")
      .replace(/đ/g, "d").replace(/ß/g, "ss")
      .replace(/[أإآٱ]/g, "ا").replace(/ى/g, "ي").replace(/ة/g, "ه")
      .replace(/ؤ/g, "و").replace(/ئ/g, "ي").replace(/ء/g, "");
  }
  function arabicStem(w) {
    if (w.length > 3 && (w.charAt(0) === "و" || w.charAt(0) === "ف")) { w = w.slice(1); }
    var prefixes = ["بال", "كال", "لل", "ال"];
    var stripped = false;
    for (var i = 0; i < prefixes.length; i++) {
      if (w.lastIndexOf(prefixes[i], 0) === 0 && w.length - prefixes[i].length >= 2) {
        w = w.slice(prefixes[i].length); stripped = true; break;
      }
    }
    if (!stripped && w.length > 4 && (w.charAt(0) === "ب" || w.charAt(0) === "ل")) { w = w.slice(1); }
    var suffixes = ["ات", "ون", "ين", "ان", "يه", "ها", "ه", "ي"];
    for (var round = 0; round < 2; round++) {
      for (var j = 0; j < suffixes.length; j++) {
        var s = suffixes[j];
        if (w.length - s.length >= 3 && w.slice(-s.length) === s) { w = w.slice(0, -s.length); break; }
      }
    }
    return w;
  }
  function latinStem(w) {
    if (w.length > 6 && /innen$/.test(w)) { return w.slice(0, -5); }
    if (w.length > 6 && /in$/.test(w)) { w = w.slice(0, -2); }
    if (w.length > 4 && /es$/.test(w)) { w = w.slice(0, -2); }
    else if (w.length > 4 && /[sn]$/.test(w)) { w = w.slice(0, -1); }
    if (w.length > 5 && /[aoe]$/.test(w)) { w = w.slice(0, -1); }
    return w;
  }
  function variants(token) {
    var f = fold(token);
    var stem = STEMMING === "none" ? f : ARABIC.test(f) ? arabicStem(f) : latinStem(f);
    return stem && stem !== f && stem.length >= 2 ? [f, stem] : [f];
  }
  function tokens(s) { return lower(s).split(SPLIT).filter(Boolean); }
  function index(s) {
    var raw = tokens(s), all = [];
    raw.forEach(function (t) { all.push.apply(all, variants(t)); });
    return { raw: raw, words: all };
  }
  function prepare(raw) {
    return raw.map(function (e) {
      return { title: e[0], url: e[1], text: e[3], name: index(e[0] + " " + e[2]), body: index(e[3]) };
    });
  }
  function hasPrefix(list, prefixes) {
    return list.some(function (w) {
      return prefixes.some(function (p) { return w.lastIndexOf(p, 0) === 0; });
    });
  }
  // 0 when a query word is missing; otherwise higher for title and exact (accented) matches
  function score(entry, query) {
    var total = 0;
    for (var i = 0; i < query.length; i++) {
      var q = query[i];
      var inName = hasPrefix(entry.name.words, q.variants);
      if (!inName && !hasPrefix(entry.body.words, q.variants)) { return 0; }
      total += inName ? 2 : 1;
      if (hasPrefix(entry.name.raw.concat(entry.body.raw), [q.raw])) { total += 1; }
    }
    return total;
  }
  function show(query) {
    while (out.firstChild) out.removeChild(out.firstChild);
    var q = tokens(query).map(function (t) { return { raw: t, variants: variants(t) }; });
    if (!q.length || !entries) return;
    var hits = entries.map(function (e, n) { return { e: e, n: n, s: score(e, q) }; })
      .filter(function (h) { return h.s > 0; })
      .sort(function (a, b) { return b.s - a.s || a.n - b.n; })
      .slice(0, 50).map(function (h) { return h.e; });
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
  window.PamSearch = { variants: variants, fold: fold };
  fetch(form.getAttribute("data-src"))
    .then(function (r) { return r.json(); })
    .then(function (raw) { entries = prepare(raw); show(input.value); })
    .catch(function () { out.textContent = texts.search_none; });
})();
