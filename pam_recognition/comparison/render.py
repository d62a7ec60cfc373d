"""Markdown and terminal renderings of a report dict (the rounded JSON form).

Both read only the dict, so they show exactly what the JSON says; the engine's sentences are
rendered from their codes with the English report catalogue (comparison/words.py). Text from data is escaped
for Markdown tables (pipes, line breaks) and printed to the terminal without rich markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .green import green_words
from .labels import (
    BASIS_LABELS,
    OUTCOME_LEGEND,
    STATUS_LABELS,
    STATUS_LEGEND,
    WITHOUT_PROFILE_NOTE,
    months_range,
    outcome_label,
    verdict,
)
from .provenance import review_words, source_words
from .words import words

_say = words("en")  # the engine's sentences, from their codes and the English catalogue

if TYPE_CHECKING:
    from rich.console import Console

SHORT_STATUS = {
    "covered": "covered",
    "partial": "partial",
    "gap": "missing",
    "difference": "DIFFERENCE",
    "compensated": "compensated",
    "resolved": "resolved",
    "general": "general",
}


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{x * 100:.0f} %"


def _num(x: float | None, unit: str = "") -> str:
    return "time unknown" if x is None else f"{x:g}{unit}"


def _md(text: Any) -> str:
    s = "" if text is None else str(text)
    for ch in ("\\", "|", "*", "_", "`", "[", "]", "<", ">"):
        s = s.replace(ch, "\\" + ch)
    return " ".join(s.split())


def _unit_time(u: dict) -> str:
    if u["throughout"]:
        return "throughout"
    if u["time_unknown"]:
        return "time unknown"
    return f"{u['hours']:g} h" if u["kind"] == "school" else f"{u['weeks']:g} wk"


def assessable(d: dict) -> bool:
    return d["outcome"] != "not_assessable"


def _programme(d: dict) -> str:
    prog = d.get("programme") or {}
    year = prog.get("year")
    return f"programme document of {year}" if year else "year of the programme document not recorded"


def _basis(d: dict) -> str:
    text = BASIS_LABELS.get(d["mapping_basis"], d["mapping_basis"])
    mapping = d.get("mapping")
    if mapping:
        text += f"; mapping dated {mapping['date']}"
    return text


def headline(d: dict) -> list[tuple[str, str]]:
    spec = d["specialisation"]
    body = d["competent_body"]
    coverage = (
        "not shown: no verdict without documents"
        if not assessable(d)
        else f"specialist areas {_pct(d['coverage']['specialist'])}; whole training {_pct(d['coverage']['total'])} "
        f"(company plan {_pct(d['coverage']['company'])}, school plan {_pct(d['coverage']['school'])})"
        + ("; estimate from suggested links" if d.get("estimate") else "")
    )
    rows = [
        ("Curriculum", f"{d['titles']['curriculum']['en']} ({d['curriculum']}), {_programme(d)}"),
        (
            "Occupation",
            f"{d['titles']['occupation'].get('de', '')} / {d['titles']['occupation']['en']} ({d['occupation']})"
            + (f", specialisation {spec['id']} ({spec['chosen_by']})" if spec else ""),
        ),
        ("Mapping basis", _basis(d)),
        ("Review", review_words(d.get("review"))),
        ("Outcome (indicative)", verdict(d)),
    ]
    if d.get("outcome_without_profile") and d["outcome_without_profile"] != d["outcome"]:
        rows.append(
            (
                "Without the profile",
                outcome_label(d["outcome_without_profile"]) + "; " + WITHOUT_PROFILE_NOTE,
            )
        )
    missing = _say.say_all((d.get("assessability") or {}).get("missing_document_codes"))
    if missing:
        rows.append(("Documents needed", "; ".join(missing)))
    two_years = _two_years(d)
    if two_years:
        rows.append(("Two-year routes", two_years))
    return rows + [
        ("Coverage", coverage),
        ("Competent body", f"{body['type']}: {_say.say(body['name_code'])} ({_say.say(body['legal_basis_code'])})"),
        (
            "Method",
            f"version {d['method_version']}"
            + (
                f", changed parameters: {', '.join(d['parameters_changed'])}"
                if d["parameters_changed"]
                else ", default parameters"
            ),
        ),
    ]


def _two_years(d: dict) -> str | None:
    """Whether the routes that need two years of state-recognised training are open to the
    programme's holders (experience route, recognition partnership, opportunity card on points)."""
    length = (d.get("programme") or {}).get("training_length") or {}
    if not length:
        return None
    basis = f" ({length['basis']})" if length.get("basis") else ""
    if length.get("two_years") is False:
        return (
            f"not open: the training lasted under two years{basis}; the experience route (§ 6(1) Nr. 3 BeschV), "
            "the recognition partnership (§ 16d(3) AufenthG) and the opportunity card on points (§ 20a(4) "
            "AufenthG) need at least two years"
        )
    if length.get("two_years") is True:
        return f"open: a state-recognised qualification with at least two years of training{basis}"
    return "not recorded whether the training lasted at least two years; the ZAB confirms it"


def _why(c: dict) -> str:
    """One covering link in words: module title, what it covers, the curator's note, confidence."""
    what = f"outcomes {', '.join(c['outcomes'])}" if c["outcomes"] else f"share {_pct(c['share'])}"
    note = f"; {(c['note'] or {}).get('en', '')}" if c.get("note") else ""
    return f"{c['title'].get('en', c['module'])} ({what}, confidence {c['confidence']:g}{note})"


def _areas_md(d: dict) -> list[str]:
    lines = ["", "## Specialist areas", "", "| area | crucial | coverage | status | units |", "|---|---|---|---|---|"]
    for a in d["areas"]:
        lines.append(
            f"| {_md(a['title']['en'])} | {'yes' if a['crucial'] else ''} | {_pct(a['coverage'])} | "
            f"{STATUS_LABELS[a['status']]} | {_md(', '.join(a['units']))} |"
        )
    practice = d.get("practice")
    if practice:
        lines += [
            "",
            f"Practice in the field of deployment: {practice['required_months']:.0f} months in the ordinance; "
            f"programme's company phase {practice['programme_months']:.1f}, documented work "
            f"{practice['experience_months']:.1f} months" + (" (met)" if practice["met"] else " (missing)"),
        ]
    return lines


def _item_months(item: dict) -> str:
    months = item.get("months")
    if not months:
        return "time unknown"
    return f"about {months_range((months['low'], months['high']))}"


def _plan_line(plan: dict) -> str:
    total = plan.get("total_months")
    line = (
        f"About {months_range((total['low'], total['high']))} in all ({_say.say(plan['basis_code'])})"
        if total
        else "Time unknown"
    )
    if plan.get("time_unknown_areas"):
        line += f"; time unknown for {', '.join(plan['time_unknown_areas'])}"
    if plan.get("exceeds_recognition_measure"):
        line += f". This is {_say.say(plan['alternatives_code'])}"
    return line + "."


def markdown(d: dict) -> str:
    """The report as Markdown: head, reasons and notes; then, where a verdict is possible, the
    legend, areas, units, differences, compensation, plan, additions, green part and sources."""
    lines = _md_head(d)
    if not assessable(d):
        return "\n".join(
            lines
            + ["", ("No unit coverage, differences or plan are shown: the documents named above are needed first."), ""]
            + _parameters(d)
        )
    for section in (_md_legend, _areas_md, _md_units, _md_differences, _md_plan, _md_additions, _md_closing):
        lines += section(d)
    return "\n".join(lines + [""] + _parameters(d))


def _md_head(d: dict) -> list[str]:
    lines = [f"# Gap report: {_md(d['titles']['curriculum']['en'])} → {_md(d['titles']['occupation']['en'])}", ""]
    lines += [f"> **{_md(_say.say(d['indicative_code']))}**", ""]
    lines += [f"- **{key}:** {_md(value)}" for key, value in headline(d)]
    lines += ["", "## Reasons", ""] + [f"- {_md(r)}" for r in _say.say_all(d["reason_codes"])]
    skills = _say.say((d.get("assessability") or {}).get("skills_analysis_code"))
    if skills:
        lines += ["", f"*{_md(skills)}*"]
    if d["note_codes"]:
        lines += ["", "## Notes", ""] + [f"- {_md(n)}" for n in _say.say_all(d["note_codes"])]
    return lines


def _md_legend(d: dict) -> list[str]:
    lines = ["", "## Legend", ""] + [f"- **{_md(outcome_label(k))}**: {_md(v)}" for k, v in OUTCOME_LEGEND.items()]
    lines += [f"- unit status **{_md(STATUS_LABELS[k])}**: {_md(v)}" for k, v in STATUS_LEGEND.items()]
    return lines + ["- **crucial**: an area the final examination tests (core_min_coverage applies)"]


def _md_units(d: dict) -> list[str]:
    lines = [
        "",
        "## Units",
        "",
        "| unit | title | area | time | coverage | status | covered by |",
        "|---|---|---|---|---|---|---|",
    ]
    for u in d["units"]:
        lines.append(
            f"| {_md(u['number'] or u['id'])} | {_md(u['title']['en'])} | {_md(u['area'] or u['scope'])} | "
            f"{_unit_time(u)} | {_pct(u['coverage'])} | {STATUS_LABELS[u['status']]} | "
            f"{_md('; '.join(_why(c) for c in u['covered_by']))} |"
        )
    return lines


def _md_differences(d: dict) -> list[str]:
    lines: list[str] = []
    if d["differences"]:
        lines += ["", "## Substantial differences", ""]
        lines += [
            f"- **{_md(diff['title'])}**: {_md(reason)}"
            for diff in d["differences"]
            for reason in _say.say_all(diff["reason_codes"])
        ]
    if d["compensation"]:
        lines += ["", "## Compensation by the candidate's profile", ""]
        for c in d["compensation"]:
            done = "made up for" if c["complete"] else f"{_pct(c['share'])} of what is needed"
            lines.append(f"- **{_md(c['area'])}** ({done}): {_md(_say.say(c['reason_code']))}")
    return lines


def _md_plan(d: dict) -> list[str]:
    plan = d["adaptation_plan"]
    if not plan["items"]:
        return []
    lines = ["", "## Adaptation plan", "", _plan_line(plan), ""]
    for i, item in enumerate(plan["items"], 1):
        lines.append(
            f"{i}. **{_md(item['title']['en'])}**{' (crucial)' if item['crucial'] else ''}: "
            f"{_md(_item_months(item))}; learn ({_md('; '.join(_say.say_all(item['learn_note_codes'])))}):"
        )
        lines += [f"    - {_md(o['text'])}" for o in item["learn"]]
    return lines


def _md_additions(d: dict) -> list[str]:
    if not d["best_additions"]:
        return []
    lines = [
        "",
        "## For curriculum designers: best additions",
        "",
        "| add to the programme | hours | closes a difference | specialist coverage after | outcome after |",
        "|---|---|---|---|---|",
    ]
    for a in d["best_additions"]:
        lines.append(
            f"| {_md(a['title']['en'])} | {_num(a['hours'])} | "
            f"{'yes' if a['closes_difference'] else ''} | {_pct(a['coverage_after'])} | "
            f"{_md(outcome_label(a['outcome_after']))} |"
        )
    return lines


def _md_closing(d: dict) -> list[str]:
    lines: list[str] = []
    if green_words(d.get("green")):
        lines += ["", "## Green transition", ""] + [f"- {_md(line)}" for line in green_words(d.get("green"))]
    if d.get("sources"):
        lines += ["", "## Sources", ""] + [f"- {_md(source_words(row))}" for row in d["sources"]]
    return lines


def _parameters(d: dict) -> list[str]:
    lines = ["## Parameters", "", "| parameter | value |", "|---|---|"]
    for key in sorted(d["parameters"]):
        lines.append(f"| {key} | {d['parameters'][key]} |")
    return lines + [""]


STATUS_COLOURS = {
    "difference": "red",
    "compensated": "cyan",
    "covered": "green",
    "partial": "yellow",
    "gap": "red",
    "resolved": "cyan",
    "general": "dim",
}


def print_table(d: dict, console: Console) -> None:
    """A readable terminal rendering with rich (no markup from data)."""
    from rich.text import Text

    console.print(Text(_say.say(d["indicative_code"]), style="italic"))
    _print_summary(d, console)
    if not assessable(d):
        _print_lists(d, console, skip_empty=False)
        console.print(Text(_say.say((d.get("assessability") or {}).get("skills_analysis_code")), style="italic"))
        return
    _print_units(d, console)
    _print_lists(d, console, skip_empty=True)
    _print_plan(d, console)
    console.print(
        Text("Status: " + "; ".join(f"{SHORT_STATUS[k]} = {v}" for k, v in STATUS_LEGEND.items()), style="dim")
    )


def _print_summary(d: dict, console: Console) -> None:
    from rich.table import Table
    from rich.text import Text

    summary = Table(show_header=False, box=None, pad_edge=False)
    summary.add_column(style="bold")
    summary.add_column()
    colour = {"full": "green", "partial": "yellow", "none": "red", "not_assessable": "magenta"}.get(d["outcome"] or "")
    for key, value in headline(d):
        summary.add_row(key, Text(value, style=(colour if key.startswith("Outcome") else None) or ""))
    console.print(summary)


def _print_lists(d: dict, console: Console, skip_empty: bool) -> None:
    from rich.text import Text

    for title, items in (("Reasons", _say.say_all(d["reason_codes"])), ("Notes", _say.say_all(d["note_codes"]))):
        if items or not skip_empty:
            console.print(Text(title, style="bold"))
            for item in items:
                console.print(Text(f"  - {item}"))


def _print_units(d: dict, console: Console) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"Units (mapping basis: {d['mapping_basis']})", title_justify="left")
    for col in ("unit", "title", "area", "time", "coverage", "status"):
        table.add_column(
            col,
            justify="right" if col in ("coverage", "time") else "left",
            no_wrap=col not in ("title", "unit", "area"),
            overflow="fold",
            min_width=12 if col == "title" else None,
        )
    for u in d["units"]:
        table.add_row(
            Text(u["number"] or u["id"]),
            Text(u["title"]["en"]),
            Text(u["area"] or u["scope"]),
            _unit_time(u),
            _pct(u["coverage"]),
            Text(SHORT_STATUS[u["status"]], style=STATUS_COLOURS[u["status"]]),
        )
    console.print(table)
    areas = Table(title="Specialist areas", title_justify="left")
    for col in ("area", "crucial", "coverage", "status"):
        areas.add_column(col)
    for a in d["areas"]:
        areas.add_row(Text(a["title"]["en"]), "yes" if a["crucial"] else "", _pct(a["coverage"]), a["status"])
    console.print(areas)


def _print_plan(d: dict, console: Console) -> None:
    from rich.text import Text

    plan = d["adaptation_plan"]
    if plan["items"]:
        console.print(Text("Adaptation plan: " + _plan_line(plan), style="bold"))
        for i, item in enumerate(plan["items"], 1):
            learn = "; ".join(o["text"] for o in item["learn"]) or "; ".join(_say.say_all(item["learn_note_codes"]))
            console.print(Text(f"  {i}. {item['title']['en']}: {_item_months(item)}; learn: {learn}"))
    if d["best_additions"]:
        console.print(Text("Best additions for the curriculum (per hour added)", style="bold"))
        for a in d["best_additions"]:
            console.print(
                Text(
                    f"  - {a['title']['en']}: {_num(a['hours'], ' h')} -> specialist coverage "
                    f"{_pct(a['coverage_after'])}, {outcome_label(a['outcome_after'])}"
                )
            )
