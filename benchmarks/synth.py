"""Synthetic knowledge bases of any size, deterministic from a seed.

Used by the benchmarks (and tests that need volume). The data is generated, valid against
the schema, and written to a folder the caller names (a temporary one by default), never
into the real knowledge base. Names are visibly synthetic ("Synthetic unit 12").

    python benchmarks/synth.py --curricula 2000 --occupations 320 --out /tmp/kb-large
"""

from __future__ import annotations

import argparse
import random
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from pam_recognition.common.registry import registry

try:
    from yaml import CSafeDumper as Dumper
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as Dumper  # type: ignore[assignment]

COUNTRIES = ("VN", "JO", "EC")
SOURCE = {
    "title": "Synthetic benchmark data",
    "publisher": "PAM Recognition benchmarks",
    "year": 2026,
    "url": "https://example.org/synthetic",
    "kind": "other",
    "accessed": "2026-01-01",
}
PREDICATES = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")


@dataclass(frozen=True)
class Size:
    curricula: int = 20
    occupations: int = 8
    modules: int = 25
    units: int = 20
    mappings_per_curriculum: int = 3
    links_per_mapping: int = 15
    competences: int = 200
    outcomes_per_unit: int = 4


def _competences(size: Size) -> dict:
    groups = max(1, size.competences // 20)
    items = [{"id": f"group-{g:03d}", "label": {"en": f"Synthetic group {g}"}} for g in range(groups)]
    for c in range(size.competences - groups):
        items.append(
            {
                "id": f"comp-{c:04d}",
                "label": {"en": f"Synthetic competence {c}", "de": f"Kompetenz {c}"},
                "broader": f"group-{c % groups:03d}",
            }
        )
    return {"competences": items, "sources": [SOURCE]}


def _unit_title(number: int) -> dict[str, str]:
    """A unit title in the five languages of the guides, as every real occupation file has them
    (the guides' size at scale depends on it), about as long as real titles."""
    return {
        "de": f"Synthetische Einheit {number} der Berufsausbildung",
        "en": f"Synthetic unit {number} of the vocational training",
        "vi": f"Đơn vị tổng hợp {number} của chương trình đào tạo nghề",
        "ar": f"وحدة اصطناعية رقم {number} من التدريب المهني",
        "es": f"Unidad sintética {number} de la formación profesional",
    }


def _occupation(index: int, size: Size, rng: random.Random, comp_ids: list[str]) -> dict:
    school = size.units // 2
    units = []
    for u in range(size.units):
        is_school = u < school
        unit = {
            "id": f"lf{u + 1:02d}" if is_school else f"bbp{u + 1:02d}",
            "kind": "school" if is_school else "company",
            "title": _unit_title(u + 1),
            "core": rng.random() < 0.6,
            "competences": rng.sample(comp_ids, 3),
            "outcomes": [
                {"id": f"o{o + 1}", "text": {"en": f"Synthetic outcome {o + 1} of unit {u + 1}"}}
                for o in range(size.outcomes_per_unit)
            ],
        }
        if is_school:
            unit["hours"] = rng.choice((40, 60, 80))
            unit["year"] = 1 + u * 4 // max(1, school)
        else:
            unit["weeks"] = rng.choice((4, 6, 8, 10, 12))
            unit["weeks_basis"] = "ordinance"
        units.append(unit)
    return {
        "id": f"synthetic-occupation-{index:04d}",
        "title": {
            "de": f"Synthetischer Beruf {index}",
            "en": f"Synthetic occupation {index}",
            "vi": f"Nghề tổng hợp {index}",
            "ar": f"مهنة اصطناعية {index}",
            "es": f"Ocupación sintética {index}",
        },
        "chamber": "IHK" if index % 3 else "HWK",
        "duration_months": 42,
        "levels": {"dqr": 4, "eqf": 4},
        "green": index % 5 == 0,
        "ordinance": {"name": f"Synthetic ordinance {index}", "year": 2020, "url": "https://example.org/ordinance"},
        "description": {
            "en": f"Synthetic occupation number {index} for benchmarks.",
            "de": f"Synthetischer Beruf Nummer {index}.",
            "vi": f"Nghề tổng hợp số {index} để đo hiệu năng.",
            "ar": f"مهنة اصطناعية رقم {index} لقياس الأداء.",
            "es": f"Ocupación sintética número {index} para medir el rendimiento.",
        },
        "units": units,
        "sources": [SOURCE],
    }


def _curriculum(index: int, size: Size, rng: random.Random, comp_ids: list[str]) -> dict:
    country = COUNTRIES[index % len(COUNTRIES)]
    lang = registry().country_language(country) or "en"
    modules = []
    for m in range(size.modules):
        modules.append(
            {
                "id": f"md{m + 1:02d}",
                "code": f"M {m + 1:02d}",
                "kind": "general" if m < 3 else "specialised",
                "title": {lang: f"Synthetic module {m + 1} ({lang})", "en": f"Synthetic module {m + 1}"},
                "hours": {"theory": rng.choice((15, 30, 45)), "practice": rng.choice((30, 45, 60, 90))},
                "competences": rng.sample(comp_ids, 3),
                "outcomes": [{"id": "o1", "text": {"en": f"Synthetic module outcome {m + 1}"}}],
            }
        )
    return {
        "id": f"{country.lower()}-synthetic-{index:05d}",
        "country": country,
        "title": {lang: f"Synthetic programme {index} ({lang})", "en": f"Synthetic programme {index}"},
        "institution": {"name": {lang: f"Synthetic college {index % 97}", "en": f"Synthetic college {index % 97}"}},
        "award": {"title": {lang: "Diploma", "en": "Diploma"}, "framework": "SYNTH", "level": 5, "eqf": 4},
        "duration_months": 36,
        "language": lang,
        "work_based_share": round(rng.uniform(0.2, 0.6), 2),
        "modules": modules,
        "sources": [SOURCE],
    }


def _mapping(curriculum: dict, occupation: dict, size: Size, rng: random.Random) -> dict:
    modules = [m["id"] for m in curriculum["modules"][3:]]
    pairs = set()
    links = []
    while len(links) < min(size.links_per_mapping, len(modules) * len(occupation["units"])):
        module = rng.choice(modules)
        unit = rng.choice(occupation["units"])
        if (module, unit["id"]) in pairs:
            continue
        pairs.add((module, unit["id"]))
        link = {
            "module": module,
            "unit": unit["id"],
            "predicate": rng.choice(PREDICATES),
            "justification": "manual",
            "confidence": round(rng.uniform(0.5, 1), 2),
        }
        if rng.random() < 0.5:
            link["outcomes"] = sorted(rng.sample([o["id"] for o in unit["outcomes"]], 2))
        else:
            link["coverage"] = round(rng.uniform(0.2, 1.0), 2)
        _agree_with_coverage(link, unit)
        links.append(link)
    return {
        "curriculum": curriculum["id"],
        "occupation": occupation["id"],
        "author": "synthetic generator",
        "date": "2026-01-01",
        "links": links,
    }


def _agree_with_coverage(link: dict, unit: dict) -> None:
    """broadMatch says the unit is broader (the module covers part of it), narrowMatch that it
    is narrower (the module covers all of it); the validator rejects either one the other way
    round, so a drawn predicate that contradicts the drawn coverage is swapped."""
    whole = link.get("coverage", 0) >= 1 or len(link.get("outcomes", [])) == len(unit["outcomes"])
    if link["predicate"] == ("broadMatch" if whole else "narrowMatch"):
        link["predicate"] = "narrowMatch" if whole else "broadMatch"


def _dump(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")


def generate(out: Path, size: Size = Size(), seed: int = 1) -> Path:
    """Write a synthetic knowledge base under `out` (must not be the real tree) and return it."""
    out = Path(out)
    real = Path(__file__).resolve().parent.parent
    if out.resolve() == real or real in out.resolve().parents:
        raise SystemExit("refusing to write synthetic data into the repository; pick a folder outside it")
    rng = random.Random(seed)
    vocab = _competences(size)
    comp_ids = [c["id"] for c in vocab["competences"] if c["id"].startswith("comp-")]
    _dump(out / "mappings" / "competences.yaml", vocab)
    occupations = [_occupation(i, size, rng, comp_ids) for i in range(size.occupations)]
    for occ in occupations:
        _dump(out / "occupations" / f"{occ['id']}.yaml", occ)
    for i in range(size.curricula):
        cur = _curriculum(i, size, rng, comp_ids)
        _dump(out / "curricula" / cur["country"].lower() / f"{cur['id']}.yaml", cur)
        targets = rng.sample(occupations, min(size.mappings_per_curriculum, len(occupations)))
        for occ in targets:
            m = _mapping(cur, occ, size, rng)
            _dump(out / "mappings" / f"{cur['id']}--{occ['id']}.yaml", m)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="target folder (default: a new temporary folder)")
    parser.add_argument("--seed", type=int, default=1)
    for name, default in Size().__dict__.items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=int, default=default)
    args = parser.parse_args()
    size = Size(**{k: getattr(args, k) for k in Size().__dict__})
    out = args.out or Path(tempfile.mkdtemp(prefix="pam-synth-"))
    print(generate(out, size, args.seed))


if __name__ == "__main__":
    main()
