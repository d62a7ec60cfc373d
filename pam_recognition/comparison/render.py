"""Markdown and terminal renderings of a report dict (the rounded JSON form).

Both read only the dict, so they show exactly what the JSON says. Text from data is escaped
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
    outcome_label,
    verdict,
)
from .provenance import review_words, source_words

if TYPE_CHECKING:
    from rich.console import Console

SHORT_STATUS = {
    "covered": "covered",
    "partial": "partial",
    "gap": "missing",
    "difference": "DIFFERENCE",
    "compensated": "compensated",
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


def _gap(u: dict) -> str:
    return "–" if u["throughout"] else _num(u["gap_hours"])


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
        else f"total {_pct(d['coverage']['total'])}, company plan {_pct(d['coverage']['company'])}, "
        f"school plan {_pct(d['coverage']['school'])}"
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
    missing = (d.get("assessability") or {}).get("missing_documents") or []
    if missing:
        rows.append(("Documents needed", "; ".join(missing)))
    two_years = _two_years(d)
    if two_years:
        rows.append(("Two-year routes", two_years))
    return rows + [
        ("Coverage", coverage),
        ("Competent body", f"{body['type']}: {body['name']} ({body['legal_basis']})"),
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


def _unit_name(u: dict) -> str:
    return f"{u['number']} {u['title']['en']}" if u.get("number") else u["title"]["en"]


def markdown(d: dict) -> str:
    lines = [f"# Gap report: {_md(d['titles']['curriculum']['en'])} → {_md(d['titles']['occupation']['en'])}", ""]
    lines += [f"> **{_md(d['indicative'])}**", ""]
    for key, value in headline(d):
        lines.append(f"- **{key}:** {_md(value)}")
    lines += ["", "## Reasons", ""] + [f"- {_md(r)}" for r in d["reasons"]]
    skills = (d.get("assessability") or {}).get("skills_analysis")
    if skills:
        lines += ["", f"*{_md(skills)}*"]
    if d["notes"]:
        lines += ["", "## Notes", ""] + [f"- {_md(n)}" for n in d["notes"]]
    if not assessable(d):
        return "\n".join(
            lines
            + ["", ("No unit coverage, differences or plan are shown: the documents named above are needed first."), ""]
            + _parameters(d)
        )
    lines += ["", "## Legend", ""] + [f"- **{_md(outcome_label(k))}**: {_md(v)}" for k, v in OUTCOME_LEGEND.items()]
    lines += [f"- unit status **{_md(STATUS_LABELS[k])}**: {_md(v)}" for k, v in STATUS_LEGEND.items()]
    lines += ["- **core**: a unit whose content is essential for the occupation (core_min_coverage applies)"]
    lines += [
        "",
        "## Units",
        "",
        "| unit | title | kind | core | time | coverage | gap hours | status |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for u in d["units"]:
        lines.append(
            f"| {_md(u['number'] or u['id'])} | {_md(u['title']['en'])} | {u['kind']} | "
            f"{'yes' if u['core'] else ''} | {_unit_time(u)} | {_pct(u['coverage'])} | "
            f"{_gap(u)} | {STATUS_LABELS[u['status']]} |"
        )
    if d["substantial_differences"]:
        lines += ["", "## Substantial differences", ""]
        for u in d["units"]:
            for reason in u["reasons"]:
                lines.append(f"- **{_md(_unit_name(u))}**: {_md(reason)}")
    if d["compensation"]:
        lines += ["", "## Compensation by the candidate's profile", ""]
        for c in d["compensation"]:
            lines.append(
                f"- **{_md(c['unit'])}**{' (a substantial difference)' if c['difference'] else ''}: {_md(c['reason'])}"
            )
    plan = d["adaptation_plan"]
    if plan["items"]:
        lines += [
            "",
            "## Adaptation plan",
            "",
            f"About {_num(plan['total_hours'])} hours ({_num(plan['total_weeks'])} weeks full-time)"
            + (f"; time unknown for {_md(', '.join(plan['time_unknown_units']))}" if plan["time_unknown_units"] else "")
            + ".",
            "",
        ]
        for i, item in enumerate(plan["items"], 1):
            lines.append(
                f"{i}. **{_md(item['number'] or item['unit'])} {_md(item['title'])}**"
                f"{' (core)' if item['core'] else ''}: {_num(item['hours'], ' h')}, "
                f"{_num(item['weeks'], ' weeks')}; learn ({_md(item['learn_note'])}):"
            )
            for o in item["learn"]:
                lines.append(f"    - {_md(o['text'])}")
    if d["best_additions"]:
        lines += [
            "",
            "## For curriculum designers: best additions",
            "",
            "| add to the programme | hours | closes a difference | coverage after | outcome after |",
            "|---|---|---|---|---|",
        ]
        for a in d["best_additions"]:
            lines.append(
                f"| {_md(a['unit'])}: {_md(a['title'])} | {_num(a['hours'])} | "
                f"{'yes' if a['closes_difference'] else ''} | {_pct(a['coverage_after'])} | "
                f"{_md(outcome_label(a['outcome_after']))} |"
            )
    if green_words(d.get("green")):
        lines += ["", "## Green transition", ""] + [f"- {_md(line)}" for line in green_words(d.get("green"))]
    if d.get("sources"):
        lines += ["", "## Sources", ""] + [f"- {_md(source_words(row))}" for row in d["sources"]]
    return "\n".join(lines + [""] + _parameters(d))


def _parameters(d: dict) -> list[str]:
    lines = ["## Parameters", "", "| parameter | value |", "|---|---|"]
    for key in sorted(d["parameters"]):
        lines.append(f"| {key} | {d['parameters'][key]} |")
    return lines + [""]


def print_table(d: dict, console: Console) -> None:
    """A readable terminal rendering with rich (no markup from data)."""
    from rich.table import Table
    from rich.text import Text

    console.print(Text(d["indicative"], style="italic"))
    summary = Table(show_header=False, box=None, pad_edge=False)
    summary.add_column(style="bold")
    summary.add_column()
    for key, value in headline(d):
        style = (
            {"full": "green", "partial": "yellow", "none": "red", "not_assessable": "magenta"}.get(d["outcome"])
            if key.startswith("Outcome")
            else None
        )
        summary.add_row(key, Text(value, style=style or ""))
    console.print(summary)
    if not assessable(d):
        for title, items in (("Reasons", d["reasons"]), ("Notes", d["notes"])):
            console.print(Text(title, style="bold"))
            for item in items:
                console.print(Text(f"  - {item}"))
        console.print(Text((d.get("assessability") or {}).get("skills_analysis") or "", style="italic"))
        return
    table = Table(title=f"Units (mapping basis: {d['mapping_basis']})", title_justify="left")
    for col in ("unit", "title", "kind", "core", "time", "coverage", "gap h", "status"):
        table.add_column(
            col,
            justify="right" if col in ("coverage", "gap h", "time") else "left",
            no_wrap=col not in ("title", "unit"),
            overflow="fold",
            min_width=12 if col == "title" else None,
        )
    colours = {"difference": "red", "compensated": "cyan", "covered": "green", "partial": "yellow", "gap": "red"}
    for u in d["units"]:
        table.add_row(
            Text(u["number"] or u["id"]),
            Text(u["title"]["en"]),
            u["kind"],
            "yes" if u["core"] else "",
            _unit_time(u),
            _pct(u["coverage"]),
            _gap(u),
            Text(SHORT_STATUS[u["status"]], style=colours[u["status"]]),
        )
    console.print(table)
    for title, items in (("Reasons", d["reasons"]), ("Notes", d["notes"])):
        if items:
            console.print(Text(title, style="bold"))
            for item in items:
                console.print(Text(f"  - {item}"))
    plan = d["adaptation_plan"]
    if plan["items"]:
        console.print(
            Text(
                f"Adaptation plan: about {_num(plan['total_hours'])} hours "
                f"({_num(plan['total_weeks'])} weeks full-time)",
                style="bold",
            )
        )
        for i, item in enumerate(plan["items"], 1):
            console.print(
                Text(
                    f"  {i}. {item['unit']} {item['title']}: {_num(item['hours'], ' h')}; "
                    f"learn: {'; '.join(o['text'] for o in item['learn']) or item['learn_note']}"
                )
            )
    if d["best_additions"]:
        console.print(Text("Best additions for the curriculum (per hour added)", style="bold"))
        for a in d["best_additions"]:
            console.print(
                Text(
                    f"  - {a['unit']} {a['title']}: {_num(a['hours'], ' h')} -> coverage "
                    f"{_pct(a['coverage_after'])}, {outcome_label(a['outcome_after'])}"
                )
            )
    console.print(
        Text("Status: " + "; ".join(f"{SHORT_STATUS[k]} = {v}" for k, v in STATUS_LEGEND.items()), style="dim")
    )
