/* PAM Recognition self-check: the comparison engine's profile rules, run in the browser.
 * Mirrors pam_recognition/comparison (compensation.py, practice.py, differences.py, outcome.py,
 * plan.py) on the per-area figures the site exports. Before a choice the page loads one small
 * index in its language; the chosen programme's pairs come from that programme's own file. The
 * candidate gives, area
 * by area, months of work with their proof and hours of courses; an estimate from suggested
 * links shows figures and never an outcome. Nothing is sent anywhere: the only
 * requests are for those JSON files, from this site. All data is inserted as text, never as HTML.
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

  function areaObj(a) {
    return { id: a[0], crucial: a[1], coverage: a[2], weight: a[3], missingMonths: a[4], gapHours: a[5],
             competences: a[6] };
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

  function documented(exp) { return exp.evidence !== "self-declared"; }

  function months(exp) { return exp.months !== undefined && exp.months !== null ? exp.months : (exp.years || 0) * 12; }

  // compensation.py: per area that is a difference, the shares of the needed time and hours shown
  function compensate(areas, differences, profile, data) {
    var p = data.params, cs = data.compensated_sum, out = {};
    areas.forEach(function (a) {
      var needed = a.competences;
      if (!differences[a.id] || !needed.length) { return; }
      var matched = [], shares = [];
      (profile.experience || []).forEach(function (exp) {
        var shown = needed.filter(function (c) { return shows(c, exp.competences || [], data); });
        if (!shown.length || !documented(exp)) { return; }
        shares.push(a.missingMonths ? months(exp) / (p.experience_factor * a.missingMonths) : 0);
        shown.forEach(function (c) { if (matched.indexOf(c) < 0) { matched.push(c); } });
      });
      (profile.further_qualifications || []).forEach(function (fq) {
        var shown = needed.filter(function (c) { return shows(c, fq.competences || [], data); });
        if (!shown.length || !fq.hours) { return; }
        shares.push(a.gapHours ? fq.hours / (p.course_hours_min_share * a.gapHours) : 0);
        shown.forEach(function (c) { if (matched.indexOf(c) < 0) { matched.push(c); } });
      });
      if (!shares.length) { return; }
      if (matched.length / needed.length < p.compensation_min_share - EPS) { shares = shares.map(function () { return 0; }); }
      out[a.id] = pySum(shares, cs);
    });
    return out;
  }

  // practice.py: months of practice the ordinance asks for, against the programme's and the documented
  function practiceOf(pair, profile, fields, data) {
    if (!pair.practice) { return null; }
    var exp = (profile.experience || []).filter(function (e) {
      return documented(e) && (e.competences || []).some(function (c) { return fields[c]; });
    }).map(months);
    var required = pair.practice[0], programme = pair.practice[1];
    var experience = pySum(exp, data.compensated_sum);
    var missing = Math.max(0, required - (programme + experience));
    return { required: required, shown: programme + experience, missing: missing, met: missing <= EPS };
  }

  // differences.py: crucial areas below the threshold, then the largest area gaps, then practice
  function findDifferences(areas, practice, data) {
    var p = data.params, cs = data.compensated_sum, found = {}, order = [];
    areas.forEach(function (a) {
      if (a.crucial && a.coverage < p.core_min_coverage - EPS) { found[a.id] = ["crucial-area"]; }
    });
    var weight = pySum(areas.map(function (a) { return a.weight; }), cs);
    var shares = areas.map(function (a) {
      var gap = Math.max(0, 1 - a.coverage);
      return weight > 0 ? a.weight * gap / weight : gap / areas.length;
    });
    var total = pySum(shares, cs);
    if (total > p.max_total_gap_share + EPS) {
      var remaining = total - pySum(areas.map(function (a, i) { return found[a.id] ? shares[i] : null; })
        .filter(function (x) { return x !== null; }), cs);
      var ranked = areas.map(function (a, i) { return i; })
        .filter(function (i) { return !found[areas[i].id] && shares[i] > EPS; });
      ranked.sort(function (i, j) {
        if (shares[i] !== shares[j]) { return shares[i] > shares[j] ? -1 : 1; }
        return areas[i].id < areas[j].id ? -1 : (areas[i].id > areas[j].id ? 1 : 0);
      });
      for (var k = 0; k < ranked.length; k++) {
        if (remaining <= p.max_total_gap_share + EPS) { break; }
        found[areas[ranked[k]].id] = ["total-gap"];
        remaining -= shares[ranked[k]];
      }
    }
    areas.forEach(function (a) { if (found[a.id]) { order.push(a.id); } });
    if (practice && !practice.met) { order.push("practice"); found.practice = ["practice"]; }
    return { ids: order, rules: found };
  }

  function evaluate(data, pairKey, profile) {
    var pair = data.pairs[pairKey];
    if (!pair) { return null; }
    var p = data.params;
    var areas = pair.areas.map(areaObj);
    var fields = {};
    areas.forEach(function (a) { a.competences.forEach(function (c) { fields[c] = true; }); });
    var hasProfile = !!profile;
    profile = profile || {};
    var before = practiceOf(pair, {}, fields, data);
    var found = findDifferences(areas, before, data);
    var shares = hasProfile ? compensate(areas, found.rules, profile, data) : {};
    var practice = hasProfile ? practiceOf(pair, profile, fields, data) : before;
    var closed = {};
    Object.keys(shares).forEach(function (id) { if (shares[id] >= 1 - EPS) { closed[id] = true; } });
    if (found.rules.practice && practice && practice.met) { closed.practice = true; }
    var after = areas.map(function (a) {
      return closed[a.id] ? { id: a.id, crucial: a.crucial, coverage: 1.0, weight: a.weight, missingMonths: 0,
                              gapHours: 0, competences: a.competences } : a;
    });
    var remaining = hasProfile ? findDifferences(after, practice, data) : found;
    var specialist = pair.specialist;
    function forecast(left) {
      if (!pair.assessable) { return "not_assessable"; }
      if (pair.basis === "suggested") { return null; }
      if (specialist < p.none_below_coverage - EPS) { return "none"; }
      return left.ids.length ? "partial" : "full";
    }
    var low = [], high = [];
    remaining.ids.forEach(function (id) {
      var m = id === "practice" ? practice.missing : (areas.filter(function (a) { return a.id === id; })[0] || {}).missingMonths;
      if (m === null || m === undefined) { return; }
      low.push(m * p.adaptation_low_share); high.push(m * p.adaptation_high_share);
    });
    var plan = low.length ? { low: pySum(low, data.compensated_sum), high: pySum(high, data.compensated_sum) } : null;
    return {
      outcome: forecast(remaining), outcome_without_profile: hasProfile ? forecast(found) : null,
      specialist: specialist, total: pair.total, basis: pair.basis,
      substantial_differences: found.ids,
      compensated: found.ids.filter(function (id) { return closed[id]; }),
      remaining_differences: remaining.ids,
      shares: shares,
      practice: practice,
      plan: plan,
      too_long: !!plan && plan.high > p.recognition_measure_max_months + EPS,
      areas: areas
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
    var fields = document.getElementById("pam-sc-areas");
    var result = document.getElementById("pam-sc-result");
    var root = form.getAttribute("data-root") || "";

    data.countries.forEach(function (c) { option(country, c.code, c.name); });
    option(occupation, "", t("selfcheck_choose_occupation"));
    data.occupations.forEach(function (o) {
      option(occupation, o.id, o.own === o.title ? o.own : o.own + " — " + o.title);
    });

    // start with the partner country whose language the page speaks, when the data has it;
    // a programme and occupation named in the address (a guide's link) or chosen before win
    var preferred = form.getAttribute("data-country");
    if (preferred && data.countries.some(function (c) { return c.code === preferred; })) { country.value = preferred; }
    var query = new URLSearchParams(window.location.search);
    var wanted = query.get("programme") || remembered("pam-programme");
    var programme = data.curricula.filter(function (c) {
      // a remembered choice from another country does not override the country of the page's language
      return c.id === wanted && (query.get("programme") === wanted || !preferred || c.country === country.value);
    })[0];
    if (programme) { country.value = programme.country; }
    var wantedOcc = query.get("occupation") || remembered("pam-occupation");

    function fillCurricula() {
      curriculum.textContent = "";
      option(curriculum, "", t("selfcheck_choose"));
      data.curricula.filter(function (c) { return c.country === country.value; })
        .forEach(function (c) { option(curriculum, c.id, c.title); });
    }

    function areaName(id) {
      if (id === "practice") { return t("selfcheck_practice"); }
      var names = (data.area_titles || {})[occupation.value] || {};
      return pick(names[id], id);
    }

    function numberInput(id, max, step) {
      var input = document.createElement("input");
      input.type = "number"; input.min = "0"; input.max = String(max); input.step = String(step); input.value = "0";
      input.id = id; input.inputMode = "decimal";
      return input;
    }

    function labelled(input, text) {
      var p = el("p"), l = el("label", text);
      l.setAttribute("for", input.id);
      p.appendChild(l); p.appendChild(document.createTextNode(" ")); p.appendChild(input);
      return p;
    }

    // one small group per specialist area of the chosen pair: months of work, proof, course hours
    function fillAreas() {
      var key = curriculum.value + "--" + occupation.value;
      var pair = data.pairs[key];
      var kept = {};
      Array.prototype.forEach.call(fields.querySelectorAll("input, select"), function (i) { kept[i.id] = i.value; });
      fields.textContent = "";
      if (!pair) { return; }
      pair.areas.forEach(function (a, index) {
        var box = el("fieldset", null, "pam-sc-area");
        box.setAttribute("data-area", a[0]);
        box.appendChild(el("legend", areaName(a[0])));
        var m = numberInput("pam-sc-m-" + index, 720, 1);
        var e = document.createElement("select");
        e.id = "pam-sc-e-" + index;
        option(e, "employer-reference", t("selfcheck_evidence_documented"));
        option(e, "self-declared", t("selfcheck_evidence_none"));
        var c = numberInput("pam-sc-c-" + index, 5000, 10);
        [m, e, c].forEach(function (i) { if (kept[i.id] !== undefined) { i.value = kept[i.id]; } });
        box.appendChild(labelled(m, t("selfcheck_area_months")));
        box.appendChild(labelled(e, t("selfcheck_area_evidence")));
        box.appendChild(labelled(c, t("selfcheck_area_course")));
        fields.appendChild(box);
      });
    }

    // the profile the form describes: per area, its months with their proof and its course hours
    function profileOf(pair) {
      var profile = { experience: [], further_qualifications: [] };
      pair.areas.forEach(function (a, index) {
        var m = parseFloat((document.getElementById("pam-sc-m-" + index) || {}).value) || 0;
        var e = (document.getElementById("pam-sc-e-" + index) || {}).value || "employer-reference";
        var c = parseFloat((document.getElementById("pam-sc-c-" + index) || {}).value) || 0;
        if (m > 0) { profile.experience.push({ months: m, evidence: e, competences: a[6] }); }
        if (c > 0) { profile.further_qualifications.push({ hours: c, competences: a[6] }); }
      });
      return profile;
    }

    function link(href, text) {
      var a = el("a", text);
      a.setAttribute("href", href);
      return a;
    }

    function nextSteps(pair) {
      var p = el("p");
      var occ = data.occupations.filter(function (o) { return o.id === occupation.value; })[0];
      // the short report in the page's language where there is one (en, de and the programme
      // country's language), else in English; then the adviser's full report
      var own = pair.short && pair.short[LANG];
      var shortHref = own || (pair.short && pair.short.en);
      if (shortHref) {
        var short = link(root + shortHref, t(own ? "selfcheck_short" : "selfcheck_short_en"));
        short.setAttribute("data-short-report", own ? LANG : "en");
        if (!own) { short.setAttribute("hreflang", "en"); }
        p.appendChild(short);
        p.appendChild(document.createTextNode(" · "));
      }
      p.appendChild(link(root + (LANG === "de" && pair.report_de ? pair.report_de : pair.report), t("selfcheck_report")));
      if (occ && occ.guide) {
        p.appendChild(document.createTextNode(" · "));
        p.appendChild(link(root + occ.guide + "#next-steps", t("selfcheck_body")));
      }
      return p;
    }

    function badgeFor(outcome) {
      var badge = el("span", t("outcome_" + outcome), "pam-outcome pam-outcome--" + outcome);
      badge.setAttribute("data-outcome", outcome);
      return badge;
    }

    function range(m) {
      return { low: Math.max(1, Math.round(m * data.params.adaptation_low_share)),
               high: Math.max(1, Math.round(m * data.params.adaptation_high_share)) };
    }

    function render() {
      var key = curriculum.value + "--" + occupation.value;
      var pair = data.pairs[key];
      result.textContent = "";
      result.removeAttribute("data-pair");
      if (!curriculum.value || !occupation.value) { return; }
      if (!loaded[curriculum.value]) { return; }  // its file is on its way; render() runs again
      result.setAttribute("data-pair", key);
      if (!pair) { result.appendChild(el("p", t("selfcheck_no_pair"))); return; }
      var r = evaluate(data, key, profileOf(pair));
      var head = el("p");
      if (r.outcome === null) {
        // an estimate from links nobody checked: figures only, never a verdict
        head.setAttribute("data-estimate", "true");
        head.appendChild(el("strong", t("selfcheck_estimate")));
        head.appendChild(document.createTextNode(" " + t("selfcheck_covers", { percent: Math.round(r.specialist * 100) })));
        result.appendChild(head);
        result.appendChild(nextSteps(pair));
        result.appendChild(el("p", t("guide_indicative"), "pam-note"));
        return;
      }
      var improved = r.outcome !== r.outcome_without_profile;
      head.appendChild(el("strong", t(improved ? "selfcheck_without" : "selfcheck_outcome") + " "));
      head.appendChild(badgeFor(improved ? r.outcome_without_profile : r.outcome));
      if (r.outcome !== "not_assessable") {
        head.appendChild(document.createTextNode(" · " + t("selfcheck_covers", { percent: Math.round(r.specialist * 100) })));
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
      r.areas.forEach(function (a) { byId[a.id] = a; });
      if (r.compensated.length) {
        result.appendChild(el("p", t("selfcheck_compensated")));
        var ul = el("ul");
        r.compensated.forEach(function (id) { ul.appendChild(el("li", areaName(id))); });
        result.appendChild(ul);
      }
      if (r.remaining_differences.length) {
        result.appendChild(el("p", t("selfcheck_remaining")));
        var ol = el("ul");
        ol.setAttribute("data-remaining", r.remaining_differences.join(" "));
        r.remaining_differences.forEach(function (id) {
          var m = id === "practice" ? r.practice.missing : byId[id].missingMonths;
          var text = areaName(id);
          if (m !== null && m !== undefined) { text += " — " + t("selfcheck_months", range(m)); }
          ol.appendChild(el("li", text));
        });
        result.appendChild(ol);
        if (r.plan) {
          result.appendChild(el("p", t("selfcheck_plan_total", {
            low: Math.max(1, Math.round(r.plan.low)), high: Math.max(1, Math.round(r.plan.high)) })));
        }
        if (r.too_long) { result.appendChild(el("p", t("selfcheck_too_long"), "pam-note")); }
      } else {
        result.appendChild(el("p", t("selfcheck_nothing_left")));
      }
      result.appendChild(nextSteps(pair));
      result.appendChild(el("p", t("guide_indicative"), "pam-note"));
    }

    // the chosen programme's file, then the fields and the result for whatever is chosen by then
    function update() {
      if (curriculum.value) { remember("pam-programme", curriculum.value); }
      if (occupation.value) { remember("pam-occupation", occupation.value); }
      fillAreas(); render();
      if (curriculum.value && !loaded[curriculum.value]) {
        load(curriculum.value).then(function () { fillAreas(); render(); }, function () {
          result.textContent = t("selfcheck_error");
        });
      }
    }

    country.addEventListener("change", function () { fillCurricula(); update(); });
    curriculum.addEventListener("change", update);
    occupation.addEventListener("change", update);
    fields.addEventListener("input", render);
    fields.addEventListener("change", render);
    fillCurricula();
    if (programme) { curriculum.value = programme.id; }
    if (wantedOcc && data.occupations.some(function (o) { return o.id === wantedOcc; })) { occupation.value = wantedOcc; }
    update();
    form.hidden = false;
  }

  // what the candidate chose, kept in this browser only (the guides read it too)
  function remembered(name) {
    try { return window.localStorage.getItem(name); } catch (e) { return null; }
  }
  function remember(name, value) {
    try { window.localStorage.setItem(name, value); } catch (e) { /* private mode: nothing kept */ }
  }

  // one programme's pairs and the broader terms of their competences, added to the data once
  var loaded = {}, pending = {}, programmes = "";
  function load(id) {
    var data = window.PamSelfCheck.data;
    if (loaded[id]) { return Promise.resolve(data); }
    if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) { return Promise.reject(new Error("not a programme id")); }
    if (!pending[id]) {
      pending[id] = fetch(programmes + id + ".json", { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.json();
        })
        .then(function (part) {
          Object.keys(part.pairs).forEach(function (k) { data.pairs[k] = part.pairs[k]; });
          Object.keys(part.competences).forEach(function (k) { data.competences[k] = part.competences[k]; });
          Object.keys(part.area_titles).forEach(function (k) { data.area_titles[k] = part.area_titles[k]; });
          loaded[id] = true;
          return data;
        }, function (error) { delete pending[id]; throw error; });
    }
    return pending[id];
  }

  window.PamSelfCheck = { evaluate: evaluate, pySum: pySum, data: null, load: load };

  function start() {
    var form = document.getElementById("pam-selfcheck");
    if (!form) { return; }
    var texts = document.getElementById("pam-sc-texts");
    try { T = JSON.parse(texts ? texts.textContent : "{}"); } catch (e) { T = {}; }
    programmes = form.getAttribute("data-programmes") || "";
    var loading = document.getElementById("pam-sc-loading");
    fetch(form.getAttribute("data-src"), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (data) {
        data.pairs = {}; data.competences = {}; data.area_titles = {};
        window.PamSelfCheck.data = data;
        setup(form, data);
        if (loading) { loading.hidden = true; }
      })
      .catch(function () {
        if (loading) { loading.hidden = true; }
        document.getElementById("pam-sc-result").textContent = t("selfcheck_error");
      });
  }
  // loaded async, after the form in the page: start at once, without waiting for the theme's scripts
  if (document.getElementById("pam-sc-texts") || document.readyState !== "loading") { start(); } else {
    document.addEventListener("DOMContentLoaded", start);
  }
}());
