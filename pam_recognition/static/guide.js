/* PAM Recognition guide: "your result first". The candidate picks a programme at the top of the
 * guide and sees its likely result, what it means and the next step, taken from the programme's
 * card further down the same page (nothing is fetched). The choice is kept in this browser and in
 * the address (?programme=<id>), so the page can be bookmarked or sent. All text is copied as
 * text or as cloned nodes of this page, never parsed as HTML. */
(function () {
  "use strict";

  function remembered() {
    try { return window.localStorage.getItem("pam-programme"); } catch (e) { return null; }
  }
  function remember(id) {
    try { window.localStorage.setItem("pam-programme", id); } catch (e) { /* private mode: nothing kept */ }
  }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    if (cls) { node.className = cls; }
    return node;
  }

  // every programme on the page: its id (from its report's address), title, country and card
  function programmes() {
    var found = [];
    var items = document.querySelectorAll(".pam-guide section.pam-programme, .pam-guide ul.pam-suggested > li");
    Array.prototype.forEach.call(items, function (item) {
      var report = item.querySelector('a[href*="reports/"]');
      var match = report && /reports\/([a-z0-9][a-z0-9-]*)\//.exec(report.getAttribute("href"));
      if (!match) { return; }
      var estimate = item.tagName === "LI";
      var title = estimate ? (item.firstChild && item.firstChild.textContent || "").trim()
        : (item.querySelector("h3") || {}).textContent || "";
      var where = estimate ? (item.querySelector(".pam-muted") || {}).textContent || ""
        : (item.querySelector("p.pam-muted") || {}).textContent || "";
      where = where.replace(/^\(|\)$/g, "");
      var country = where.lastIndexOf(" · ") >= 0 ? where.slice(where.lastIndexOf(" · ") + 3) : "";
      item.id = item.id || "p-" + match[1];
      found.push({ id: match[1], title: title, country: country, card: item, estimate: estimate, report: report });
    });
    return found;
  }

  function show(result, p) {
    result.textContent = "";
    if (!p) { return; }
    var card = p.card;
    if (p.estimate) {
      var intro = document.querySelector("#not-checked + p");
      result.appendChild(el("p", intro ? intro.textContent : ""));
    } else {
      var outcome = card.querySelector(".pam-outcome");
      var line = outcome && outcome.parentNode;
      if (line) { result.appendChild(line.cloneNode(true)); }
      var kind = outcome ? /pam-outcome--([a-z_]+)/.exec(outcome.className) : null;
      var meaning = kind && document.querySelector('[data-m="' + kind[1] + '"]');
      if (meaning) {
        // its first sentence: the result in words; the rest of the explanation stays in its section
        var text = meaning.textContent, stop = text.indexOf(". ");
        result.appendChild(el("p", stop > 0 ? text.slice(0, stop + 1) : text));
      } else if (line && line.nextElementSibling && line.nextElementSibling.tagName === "P") {
        result.appendChild(el("p", line.nextElementSibling.textContent));  // why it cannot be assessed yet
      }
      var count = line && line.nextElementSibling;
      if (kind && kind[1] === "partial" && count && count.tagName === "P") { result.appendChild(count.cloneNode(true)); }
    }
    var next = el("p", null, "pam-own-next");
    // "what to do next", in the page's language, from the heading of the next-steps box
    var heading = document.getElementById("next-steps-title");
    next.appendChild(el("strong", (heading ? heading.textContent + ":" : "→") + " "));
    var fits = card.querySelector(".pam-fits a");
    [fits, p.report].forEach(function (a) {
      if (!a) { return; }
      next.appendChild(a.cloneNode(true));
      next.appendChild(document.createTextNode(" · "));
    });
    var more = el("a", "↓ " + p.title);
    more.setAttribute("href", "#" + card.id);
    next.appendChild(more);
    result.appendChild(next);
  }

  function start() {
    var box = document.getElementById("pam-own");
    if (!box) { return; }
    var list = programmes();
    if (!list.length) { return; }
    var result = document.getElementById("pam-own-r");
    var fallback = document.getElementById("pam-own-l");
    var label = el("label", fallback.textContent);
    var select = document.createElement("select");
    select.id = "pam-own-p";
    label.setAttribute("for", select.id);
    var none = el("option", "—");
    none.value = "";
    select.appendChild(none);
    var groups = {};
    list.forEach(function (p) {
      if (!groups[p.country]) {
        groups[p.country] = document.createElement("optgroup");
        groups[p.country].label = p.country;
        select.appendChild(groups[p.country]);
      }
      var o = el("option", p.title);
      o.value = p.id;
      groups[p.country].appendChild(o);
    });
    var line = fallback.parentNode;
    line.textContent = "";
    line.appendChild(label);
    line.appendChild(document.createElement("br"));
    line.appendChild(select);
    function byId(id) { return list.filter(function (p) { return p.id === id; })[0]; }
    var wanted = new URLSearchParams(window.location.search).get("programme");
    var chosen = byId(wanted) || byId(remembered());
    if (chosen) { select.value = chosen.id; show(result, chosen); }
    select.addEventListener("change", function () {
      var p = byId(select.value);
      show(result, p);
      if (!p) { return; }
      remember(p.id);
      var url = new URL(window.location.href);
      url.searchParams.set("programme", p.id);
      window.history.replaceState(null, "", url.pathname + url.search + url.hash);
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
