"""Whether a programme is a university degree, and which route to Germany it then takes.

A chamber compares vocational qualifications with a German training occupation. A university
degree (bachelor, engineer, master) is assessed by the Central Office for Foreign Education
(ZAB): the anabin database says whether the university and the degree type are recognised, and
the ZAB issues a Statement of Comparability; a graduate may then work as a skilled worker with
an academic education (§ 18b AufenthG). A gap report against a training occupation is still
useful as a picture of content, but a candidate with a degree has to be told the other route
first. The data say which awards are degrees (`award.university_degree`); unknown is not
guessed, so nothing is said when the mark is missing.

The facts (the anabin link, the paragraphs, their dates) come from the legal facts file, which
the caller reads and passes in (a `LegalFacts`; the comparison neither reads files nor imports
the legal model, so it is typed loosely here).
"""

from __future__ import annotations

from typing import Any

from ..model.models import Curriculum

DEGREE_FACTS = ("university-degrees", "academic")
"""The legal facts the route rests on: anabin and the ZAB's statement; § 18b AufenthG."""

NOTE = (
    "This programme leads to a university degree. University degrees are assessed by the Central "
    "Office for Foreign Education (ZAB), not by a chamber: look the university and the degree up in "
    "anabin and, where needed, ask the ZAB for a Statement of Comparability; with a recognised or "
    "comparable degree, work as a skilled worker with an academic education is possible (§ 18b "
    "AufenthG). The comparison with a training occupation shows content only."
)


def is_university_degree(curriculum: Curriculum) -> bool:
    """True only when the data mark the award as a university degree."""
    return curriculum.award.university_degree is True


def _found(facts: Any, fact_id: str) -> Any:
    return facts.fact(fact_id) or facts.route(fact_id)


def degree_route(curriculum: Curriculum, facts: Any = None) -> dict[str, Any] | None:
    """The report's `degree_route` block: None unless the award is a university degree; else
    the route's note and, when the legal facts are given, each fact's paragraphs, link and the
    date of the text read."""
    if not is_university_degree(curriculum):
        return None
    block: dict[str, Any] = {"university_degree": True, "route": "zab", "note": NOTE, "facts": []}
    if facts is not None:
        for fact_id in DEGREE_FACTS:
            fact = _found(facts, fact_id)
            if fact is None:
                continue
            block["facts"].append(
                {
                    "id": fact.id,
                    "refs": list(fact.refs),
                    "link": fact.link or (fact.sources[0].url if fact.sources else None),
                    "as_of": fact.as_of.isoformat(),
                }
            )
    return block


def add_degree_route(report: dict[str, Any], curriculum: Curriculum, facts: Any = None) -> dict[str, Any]:
    """The report dict with its `degree_route` key (None when not a degree): the one call the
    engine or a caller adds."""
    report["degree_route"] = degree_route(curriculum, facts)
    return report
