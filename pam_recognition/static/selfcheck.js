/* PAM Recognition self-check: the comparison engine's profile rules, run in the browser.
 * Mirrors pam_recognition/comparison (compensation.py, differences.py, outcome.py) on the
 * per-unit figures the site exports to selfcheck.json. Nothing is sent anywhere: the only
 * request is for that JSON file, from this site. All data is inserted as text, never as HTML.
 * A pair the data cannot carry a verdict for stays "not_assessable" whatever is ticked, and an
 * outcome that experience improves is shown as possible only if the experience is documented. */
(function () {
  "use strict";
  var EPS = 1e-9;

  function pySum(values, compensated) {
    // Python's sum() of floats: plain left-to-right before 3.12, Neumaier-compensated since.
    var f = 0, c = 0, i, x, t;
    for (i = 0; i < values.length; i++) {
      x = values[i];
      if (!compensated) { f = f + x; continue; }
      t = f + x;
      if (Math.abs(f) >= Math.abs(x)) { c += (f - t) + x; } else { c += (x - t) + f; }
      f = t;
    }
    if (compensated && c && isFinite(c)) { f += c; }
    return f;
  }

  function unitObj(u) {
    return { id: u[0], number: u[1], title: u[2], core: u[3], coverage: u[4], gap: u[5],
             weight: u[6], gapHours: u[7], competences: u[8] };
  }

  function shows(needed, comps, data) {
    if (comps.indexOf(needed) >= 0) { return true; }
    if (data.params.compensation_accepts_narrower) {
      return comps.some(function (c) {
        var info = data.competences[c];
        return !!info && info.broader.indexOf(needed) >= 0;
      });
    }
    return false;
  }

  function compensate(units, profile, data) {
    var out = {};
    var entries = [];
    (profile.experience || []).forEach(function (exp) {
      if (exp.years >= data.params.experience_min_years) { entries.push(exp.competences || []); }
    });
    (profile.further_qualifications || []).forEach(function (fq) { entries.push(fq.competences || []); });
    units.forEach(function (r) {
      var needed = r.competences.filter(function (c, i, a) { return a.indexOf(c) === i; });
      if (r.gap <= EPS || !needed.length) { return; }
      var matched = [];
      entries.forEach(function (comps) {
        needed.forEach(function (c) {
          if (shows(c, comps, data) && matched.indexOf(c) < 0) { matched.push(c); }
        });
      });
      if (matched.length / needed.length >= data.params.compensation_min_share - EPS) { out[r.id] = matched; }
    });
    return out;
  }

  function findDifferences(units, data, effective) {
    var p = data.params, cs = data.compensated_sum;
    function cov(r) { return effective && Object.prototype.hasOwnProperty.call(effective, r.id) ? effective[r.id] : r.coverage; }
    var found = {};
    units.forEach(function (r) {
      if (r.core && cov(r) < p.core_min_coverage - EPS) { found[r.id] = ["core-unit"]; }
    });
    var totalGap = pySum(units.map(function (r) { return r.weight * (1 - cov(r)); }), cs);
    if (totalGap > p.max_total_gap_share + EPS) {
      var remaining = totalGap - pySum(units.filter(function (r) { return found[r.id]; })
        .map(function (r) { return r.weight * (1 - cov(r)); }), cs);
      var ranked = units.filter(function (r) { return !found[r.id] && r.weight * (1 - cov(r)) > EPS; });
      ranked.sort(function (a, b) {
        var da = -a.weight * (1 - cov(a)), db = -b.weight * (1 - cov(b));
        if (da !== db) { return da < db ? -1 : 1; }
        return a.id < b.id ? -1 : (a.id > b.id ? 1 : 0);
      });
      for (var i = 0; i < ranked.length; i++) {
        if (remaining <= p.max_total_gap_share + EPS) { break; }
        var share = ranked[i].weight * (1 - cov(ranked[i]));
        found[ranked[i].id] = (found[ranked[i].id] || []).concat(["total-gap"]);
        remaining -= share;
      }
    }
    return units.filter(function (r) { return found[r.id]; }).map(function (r) { return r.id; });
  }

  function evaluate(data, pairKey, profile) {
    var pair = data.pairs[pairKey];
    if (!pair) { return null; }
    var units = pair.units.map(unitObj);
    var found = findDifferences(units, data, null);
    var comp = compensate(units, profile, data);
    var effective = {}, any = false;
    Object.keys(comp).forEach(function (id) { effective[id] = 1.0; any = true; });
    var remaining = any ? findDifferences(units, data, effective) : found;
    function forecast(left) {
      if (!pair.assessable) { return "not_assessable"; }
      if (pair.comparable < data.params.none_below_coverage - EPS) { return "none"; }
      return left.length ? "partial" : "full";
    }
    var outcome = forecast(remaining);
    return {
      outcome: outcome, outcome_without_profile: forecast(found), total: pair.total, basis: pair.basis,
      substantial_differences: found,
      compensated: found.filter(function (id) { return comp[id]; }),
      remaining_differences: remaining,
      units: units
    };
  }

  // ------------------------------------------------------------------ the page
  // Texts come from the translation catalogue, rendered into the page as JSON; names from the
  // data's language maps, English where the page's language is missing.
  var T = {};
  var LANG = document.documentElement.lang || "en";

  function pick(map, fallback) {
    if (map && map[LANG]) { return map[LANG]; }
    if (map && map.en) { return map.en; }
    return fallback;
  }

  function t(key, params) {
    var text = T[key] || key;
    Object.keys(params || {}).forEach(function (name) { text = text.split("{" + name + "}").join(String(params[name])); });
    return text;
  }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }

  function option(select, value, text) {
    var o = document.createElement("option");
    o.value = value; o.textContent = text; select.appendChild(o);
  }

  function setup(form, data) {
    var country = document.getElementById("pam-sc-country");
    var curriculum = document.getElementById("pam-sc-curriculum");
    var occupation = document.getElementById("pam-sc-occupation");
    var years = document.getElementById("pam-sc-years");
    var fields = document.getElementById("pam-sc-fields");
    var result = document.getElementById("pam-sc-result");
    var root = form.getAttribute("data-root") || "";

    data.countries.forEach(function (c) { option(country, c.code, pick(c.names, c.name)); });
    data.occupations.forEach(function (o) {
      var own = pick(o.titles, o.title_en);
      option(occupation, o.id, own === o.title ? own : own + " — " + o.title);
    });

    // start with the partner country whose language the page speaks, when the data has it
    var preferred = form.getAttribute("data-country");
    if (preferred && data.countries.some(function (c) { return c.code === preferred; })) { country.value = preferred; }

    function fillCurricula() {
      curriculum.textContent = "";
      data.curricula.filter(function (c) { return c.country === country.value; })
        .forEach(function (c) { option(curriculum, c.id, pick(c.titles, c.title)); });
    }

    function label(id) {
      var info = data.competences[id] || {};
      return pick(info.labels, info.label || id);
    }

    function fillFields() {
      var key = curriculum.value + "--" + occupation.value;
      var pair = data.pairs[key];
      var checked = {};
      Array.prototype.forEach.call(fields.querySelectorAll("input:checked"), function (i) { checked[i.value] = true; });
      fields.textContent = "";
      if (!pair) { return; }
      var ids = [];
      pair.units.forEach(function (u) {
        if (u[5] > EPS) { u[8].forEach(function (c) { if (ids.indexOf(c) < 0) { ids.push(c); } }); }
      });
      ids.sort(function (a, b) {
        var la = label(a), lb = label(b);
        return la < lb ? -1 : (la > lb ? 1 : 0);
      });
      ids.forEach(function (id) {
        var row = el("label");
        var box = document.createElement("input");
        box.type = "checkbox"; box.value = id; box.checked = !!checked[id];
        row.appendChild(box);
        row.appendChild(document.createTextNode(" " + label(id)));
        fields.appendChild(row);
      });
    }

    function unitName(u) {
      var names = (data.unit_titles || {})[occupation.value] || {};
      var title = pick(names[u.id], u.title);
      return (u.number ? u.number + " " : "") + title;
    }

    function link(href, text) {
      var a = el("a", text);
      a.setAttribute("href", href);
      return a;
    }

    function nextSteps(pair) {
      var p = el("p");
      var occ = data.occupations.filter(function (o) { return o.id === occupation.value; })[0];
      p.appendChild(link(root + (LANG === "de" && pair.report_de ? pair.report_de : pair.report), t("selfcheck_report")));
      if (occ && occ.guides && occ.guides[LANG]) {
        p.appendChild(document.createTextNode(" · "));
        p.appendChild(link(root + occ.guides[LANG] + "#next-steps", t("selfcheck_body")));
      }
      return p;
    }

    function badgeFor(outcome) {
      var badge = el("span", t("outcome_" + outcome), "pam-outcome pam-outcome--" + outcome);
      badge.setAttribute("data-outcome", outcome);
      return badge;
    }

    function render() {
      var key = curriculum.value + "--" + occupation.value;
      var comps = Array.prototype.map.call(fields.querySelectorAll("input:checked"), function (i) { return i.value; });
      var profile = { experience: [{ years: parseFloat(years.value) || 0, competences: comps }] };
      var r = evaluate(data, key, profile);
      result.textContent = "";
      if (!r) { result.appendChild(el("p", t("selfcheck_no_pair"))); return; }
      var pair = data.pairs[key];
      var improved = r.outcome !== r.outcome_without_profile;
      var head = el("p");
      head.appendChild(el("strong", t(improved ? "selfcheck_without" : "selfcheck_outcome") + " "));
      head.appendChild(badgeFor(improved ? r.outcome_without_profile : r.outcome));
      if (r.outcome !== "not_assessable") {
        head.appendChild(document.createTextNode(" · " + t("selfcheck_covers", { percent: Math.round(r.total * 100) })));
      }
      result.appendChild(head);
      if (improved) {
        var possible = el("p");
        possible.appendChild(el("strong", t("selfcheck_possible") + " "));
        possible.appendChild(badgeFor(r.outcome));
        possible.setAttribute("data-possible", r.outcome);
        result.appendChild(possible);
        result.appendChild(el("p", t("selfcheck_documented"), "pam-muted"));
      }
      if (r.basis === "suggested") { result.appendChild(el("p", t("selfcheck_suggested"), "pam-muted")); }
      if (r.outcome === "not_assessable") {
        result.appendChild(el("p", t("selfcheck_not_assessable")));
        result.appendChild(el("p", t("programme_skills_analysis"), "pam-muted"));
        result.appendChild(nextSteps(pair));
        result.appendChild(el("p", t("guide_indicative"), "pam-note"));
        return;
      }
      if (r.outcome === "none") {
        // one clear message: no to-do lists that suggest the outcome could change by adding things
        // a programme shorter than two years is never pointed to routes that need two years
        var programme = data.curricula.filter(function (c) { return c.id === curriculum.value; })[0] || {};
        result.appendChild(el("p", t(programme.two_years === false ? "selfcheck_none_short" : "selfcheck_none_text")));
        result.appendChild(nextSteps(pair));
        result.appendChild(el("p", t("guide_indicative"), "pam-note"));
        return;
      }
      var byId = {};
      r.units.forEach(function (u) { byId[u.id] = u; });
      if (r.compensated.length) {
        result.appendChild(el("p", t("selfcheck_compensated")));
        var ul = el("ul");
        r.compensated.forEach(function (id) { ul.appendChild(el("li", unitName(byId[id]))); });
        result.appendChild(ul);
      }
      if (r.remaining_differences.length) {
        result.appendChild(el("p", t("selfcheck_remaining")));
        var ol = el("ul");
        ol.setAttribute("data-remaining", r.remaining_differences.join(" "));
        r.remaining_differences.forEach(function (id) {
          var u = byId[id];
          var hours = u.gapHours === null ? "" : " — " + t("selfcheck_hours", { hours: Math.round(u.gapHours) });
          ol.appendChild(el("li", unitName(u) + hours));
        });
        result.appendChild(ol);
      } else {
        result.appendChild(el("p", t("selfcheck_nothing_left")));
      }
      result.appendChild(nextSteps(pair));
      result.appendChild(el("p", t("guide_indicative"), "pam-note"));
    }

    country.addEventListener("change", function () { fillCurricula(); fillFields(); render(); });
    curriculum.addEventListener("change", function () { fillFields(); render(); });
    occupation.addEventListener("change", function () { fillFields(); render(); });
    years.addEventListener("input", render);
    fields.addEventListener("change", render);
    fillCurricula(); fillFields(); render();
    form.hidden = false;
  }

  window.PamSelfCheck = { evaluate: evaluate, pySum: pySum, data: null };

  function start() {
    var form = document.getElementById("pam-selfcheck");
    if (!form) { return; }
    var texts = document.getElementById("pam-sc-texts");
    try { T = JSON.parse(texts ? texts.textContent : "{}"); } catch (e) { T = {}; }
    fetch(form.getAttribute("data-src"), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) { window.PamSelfCheck.data = data; setup(form, data); })
      .catch(function () {
        document.getElementById("pam-sc-result").textContent = t("selfcheck_error");
      });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
