"""A small knowledge base that uses every optional field, for the linked-data tests.

The round trip can only prove that nothing is lost for fields that hold a value, so this
fixture fills in what the default factory leaves out: codes, specialisations, time frames,
unverified marks, notes, a country profile, declared totals and ESCO links.
"""

from __future__ import annotations

from pathlib import Path

from tests.factory import SOURCE, competences, curriculum, make_kb, mapping, occupation, write_yaml

ESCO_OCC = "http://data.europa.eu/esco/occupation/11111111-2222-3333-4444-555555555555"
ESCO_ALT = "http://data.europa.eu/esco/occupation/aaaaaaaa-2222-3333-4444-555555555555"
ESCO_SKILL = "http://data.europa.eu/esco/skill/0c1b2e3f-1111-2222-3333-444444444444"
SOURCE2 = {
    "title": "Zweite Quelle",
    "publisher": "Amt",
    "year": 2019,
    "url": "https://example.org/b?x=1&y=2",
    "kind": "secondary-copy",
    "copy_of": "Amtsblatt 3/2019",
    "accessed": "2026-02-03",
    "note": "page 4",
}


def rich_occupation() -> dict:
    occ = occupation()
    occ.update(
        {
            "chamber_note": {"en": "Some chambers decide themselves.", "de": "Manche Kammern entscheiden selbst."},
            "codes": {
                "kldb2010": "25102",
                "isco08": "7233",
                "esco": ESCO_OCC,
                "esco_match": "closeMatch",
                "esco_alternatives": [ESCO_ALT],
            },
            "green": True,
            "green_note": {"en": "Energy efficiency is part of the training."},
            "ordinance": {
                "name": "Verordnung über die Berufsausbildung",
                "short_name": "TestAusbV",
                "year": 2018,
                "url": "https://example.org/ordinance",
            },
            "school_curriculum": {
                "name": "Rahmenlehrplan",
                "year": 2018,
                "total_hours": 240,
                "url": "https://example.org/rlp",
            },
            "workplaces": {"en": "Factories", "de": "Fabriken"},
            "specialisations": [{"id": "sp-a", "title": {"en": "Variant A", "de": "Schwerpunkt A"}}],
            "time_frames": [
                {
                    "id": "tf1",
                    "period": {"en": "Months 1-18", "de": "1. bis 18. Monat"},
                    "months_min": 4,
                    "months_max": 6,
                    "units": ["bbp03", "bbp04"],
                }
            ],
            "sources": [SOURCE, SOURCE2],
        }
    )
    units = occ["units"]
    units[0]["number"] = "LF 1"
    units[2]["unverified"] = {"year": "the RLP gives no year"}
    del units[2]["year"]
    units[5] = {
        "id": "bbp03",
        "kind": "company",
        "title": {"de": "BBP 3", "en": "Maintenance"},
        "weeks_basis": "time-frames",
        "core": False,
        "competences": ["maintenance", "machining"],
    }
    units.append(
        {
            "id": "bbp04",
            "kind": "company",
            "title": {"de": "BBP 4", "en": "Variant work"},
            "weeks_basis": "time-frames",
            "specialisation": "sp-a",
            "competences": ["maintenance"],
            "outcomes": [{"id": "o1", "text": {"en": "Do variant work", "de": "Variantenarbeit"}}],
        }
    )
    return occ


def rich_curriculum() -> dict:
    cur = curriculum()
    cur.update(
        {
            "field": "industrial-mechanics",
            "institution": {
                "name": {"vi": "Trường Thử", "en": "Test College"},
                "url": "https://example.edu.vn",
                "city": "Hà Nội",
            },
            "award": {
                "title": {"vi": "Cao đẳng", "en": "College diploma"},
                "framework": "VQF",
                "level": 5,
                "unverified": {"eqf": "no referencing report yet"},
            },
            "german_standard": True,
            "year": 2021,
            "description": {"en": "A three-year programme.", "vi": "Chương trình ba năm."},
            "total_hours": {"theory": 80, "practice": 190},
        }
    )
    modules = cur["modules"]
    modules[0].update(
        {
            "kind": "foundation",
            "credits": 3,
            "year": 1,
            "outcomes": [{"id": "k1", "text": {"en": "File a part", "vi": "Giũa chi tiết"}}],
        }
    )
    modules[2]["hours"] = {"theory": 30, "practice": 40, "total": 70}
    modules[2]["kind"] = "internship"
    modules[1]["hours"] = {"total": 120}
    modules.append(
        {
            "id": "md04",
            "title": {"vi": "Thực tập", "en": "Practice"},
            "unverified": {"hours": "the programme document gives none"},
        }
    )
    cur["total_hours"] = {}  # an empty declaration must survive as such
    return cur


def rich_mapping() -> dict:
    mp = mapping(
        links=[
            {
                "module": "md01",
                "unit": "lf01",
                "predicate": "closeMatch",
                "outcomes": ["o2", "o1"],
                "confidence": 0.9,
                "note": {"en": "Filing and drilling\tboth taught.", "vi": "Cả hai"},
            },
            {"module": "md02", "unit": "lf02", "predicate": "exactMatch", "coverage": 0.5},
            {
                "module": "md01",
                "unit": "bbp02",
                "predicate": "broadMatch",
                "coverage": 0.4,
                "justification": "suggested",
                "confidence": 0.35,
            },
            {"module": "md03", "unit": "bbp03", "predicate": "relatedMatch", "coverage": 0.0},
            {"module": "md03", "unit": "bbp04", "predicate": "narrowMatch", "coverage": 1.0},
        ]
    )
    mp.update({"specialisation": "sp-a", "basis": {"en": "Read the module handbook."}, "sources": [SOURCE2]})
    return mp


def rich_vocabulary() -> dict:
    vocab = competences()
    vocab["competences"][1]["esco"] = ESCO_SKILL
    vocab["competences"][1]["esco_match"] = "exactMatch"
    vocab["competences"][1]["description"] = {"en": "Filing, sawing, drilling by hand."}
    vocab["sources"] = [SOURCE]
    return vocab


COUNTRY = {
    "code": "VN",
    "name": {"en": "Viet Nam", "vi": "Việt Nam"},
    "framework": {"en": "Vietnamese Qualifications Framework (VQF)"},
    "levels": {"en": "Eight levels"},
    "summary": {"en": "Vocational training in colleges and schools."},
    "programme_types": [{"en": "College", "vi": "Cao đẳng"}, {"en": "Intermediate"}],
    "bodies": [{"en": "Ministry of Education and Training"}],
    "sources": [SOURCE],
}


def make_rich_kb(root: Path) -> Path:
    make_kb(
        root,
        occupations=[rich_occupation()],
        curricula=[rich_curriculum()],
        mappings=[rich_mapping()],
        vocabulary=rich_vocabulary(),
    )
    write_yaml(root / "curricula" / "vn" / "_country.yaml", COUNTRY)
    return root
