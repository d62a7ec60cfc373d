"""The coverage heatmap (curricula × occupations) as an SVG, drawn at build time.

matplotlib's SVG output is made deterministic by fixing the hash salt used for element ids and
dropping the date metadata; text stays text (`svg.fonttype: none`) so the file is small and
labels are searchable. Each cell is wrapped in a link to its gap report.

Sizes are in points and the page shows the picture at its own size (scrolling sideways where the
column is narrower): every text is at least 9 pt, that is 12 px on screen, where it used to be
scaled down to 8 px to fit the column.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from ..graph import KnowledgeGraph
from .reports import Reports

MAX_CELLS = 5_000
MAX_LABELLED_CELLS = 400  # beyond this the numbers are too small to read; the table has them
# 9 pt is 12 px at the picture's own size: the smallest text on a page that stays legible
TEXT_PT = 9
TITLE = "Coverage heatmap: programmes (rows) by German occupations (columns), specialist coverage in per cent"


def _label(text: str, limit: int = 42) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def row_labels(titles: list[tuple[str, str]], limit: int = 42) -> list[str]:
    """ "<country> · <programme>" per row; where two cut titles would read the same (two
    Ecuadorian baccalaureates), both keep their start and their end instead."""
    labels = [f"{country} · {_label(title, limit)}" for country, title in titles]
    for i, (country, title) in enumerate(titles):
        if labels.count(labels[i]) > 1:
            words = " ".join(title.split())
            half = (limit - 1) // 2
            labels[i] = f"{country} · {words[:half].rstrip()}…{words[-half:].lstrip()}"
    return labels


def _titled(svg: str) -> str:
    """The picture named for screen readers (a <title> and an aria-label on the <svg>)."""
    from html import escape

    start = svg.find("<svg")
    end = svg.find(">", start)
    if start < 0 or end < 0:
        return svg
    return f'{svg[:end]} aria-label="{escape(TITLE)}">\n<title>{escape(TITLE)}</title>{svg[end + 1 :]}'


def heatmap_svg(kg: KnowledgeGraph, reports: Reports, link: Callable[[str, str], str]) -> str:
    """SVG text of the matrix; `link(curriculum_id, occupation_id)` gives each cell's URL."""
    curricula = sorted(kg.curricula(), key=lambda c: (c.country, c.id))
    occupations = kg.occupations()
    if not curricula or not occupations or len(curricula) * len(occupations) > MAX_CELLS:
        return ""  # past this size a picture is unreadable; the table and the programme pages remain
    import matplotlib  # only now: importing it takes most of a second

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Rectangle

    with matplotlib.rc_context(
        {
            "svg.hashsalt": "pam-recognition",
            "svg.fonttype": "none",
            "font.family": "sans-serif",
            "font.size": TEXT_PT,
            "path.simplify": True,
        }
    ):
        width = 2.8 + 0.7 * len(occupations)
        height = 1.9 + 0.4 * len(curricula)
        fig, ax = plt.subplots(figsize=(width, height))
        cmap = matplotlib.colormaps["YlGnBu"]
        # One collection for all cells (per-cell links through set_urls): one artist to draw
        # instead of one per cell, which is most of the time at a few thousand cells.
        rects, urls, hatched = [], [], []
        faces: list[Any] = []  # colour names and RGBA tuples
        labelled = len(curricula) * len(occupations) <= MAX_LABELLED_CELLS
        for row, curriculum in enumerate(curricula):
            for col, occupation in enumerate(occupations):
                report = reports.summary(curriculum.id, occupation.id)
                urls.append(link(curriculum.id, occupation.id) if report is not None else None)
                rects.append(Rectangle((col, row), 1, 1))
                if report is None:
                    faces.append("#eeeeee")
                    continue
                if report.get("outcome") == "not_assessable":
                    # no figure without documents: a hatched grey cell, "n/a" instead of a number
                    faces.append("#e2e3e5")
                    hatched.append(Rectangle((col, row), 1, 1))
                    if labelled:
                        ax.text(
                            col + 0.5,
                            row + 0.5,
                            "n/a",
                            ha="center",
                            va="center",
                            fontsize=TEXT_PT,
                            color="#383d41",
                            parse_math=False,
                        )
                    continue
                value = float((report.get("coverage") or {}).get("specialist") or 0.0)
                curated = kg.mapping_set(curriculum.id, occupation.id) is not None
                # automatic estimates are faded and marked "≈", so they never look like checked results
                faces.append(cmap(0.08 + 0.92 * value) if curated else cmap(0.08 + 0.92 * value, alpha=0.35))
                if labelled:
                    text = f"{value * 100:.0f}•" if curated else f"≈{value * 100:.0f}"
                    ax.text(
                        col + 0.5,
                        row + 0.5,
                        text,
                        ha="center",
                        va="center",
                        fontsize=TEXT_PT,
                        color="white" if curated and value > 0.55 else "#222222",
                        fontstyle="normal" if curated else "italic",
                        parse_math=False,
                    )
        cells = PatchCollection(rects, facecolors=faces, edgecolors="white", linewidths=1.5)
        cells.set_urls(urls)
        ax.add_collection(cells)
        if hatched:
            ax.add_collection(
                PatchCollection(hatched, facecolors="none", edgecolors="#9a9fa5", hatch="///", linewidths=0)
            )
        ax.set_xlim(0, len(occupations))
        ax.set_ylim(len(curricula), 0)
        ax.set_xticks([i + 0.5 for i in range(len(occupations))])
        ax.set_xticklabels(
            [_label(o.title["de"], 30) for o in occupations],
            rotation=45,
            ha="left",
            rotation_mode="anchor",
            parse_math=False,
        )
        ax.xaxis.tick_top()
        ax.set_yticks([i + 0.5 for i in range(len(curricula))])
        ax.set_yticklabels(row_labels([(c.country, c.title["en"]) for c in curricula]), parse_math=False)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        buffer = io.StringIO()
        fig.savefig(
            buffer,
            format="svg",
            bbox_inches="tight",
            pad_inches=0.1,
            metadata={"Date": None, "Creator": "PAM Recognition"},
        )
        plt.close(fig)
    svg = buffer.getvalue()
    start = svg.find("<svg")
    return _titled(svg[start:] if start >= 0 else svg)
