"""The licences of the code and of the data, named once so every export says the same.

The code is under Apache-2.0 (LICENSE); the data (occupations/, curricula/, mappings/ and
everything exported from them: SSSOM, RDF, JSON-LD, the data zip, the site) is under
CC BY 4.0 (LICENSE-DATA). Exports read these constants rather than spelling the licence out,
so a change of licence is one edit here.
"""

from __future__ import annotations

CODE_LICENCE = "Apache-2.0"
"""SPDX identifier of the code licence (pyproject.toml, LICENSE)."""

DATA_LICENCE = "CC-BY-4.0"
"""SPDX identifier of the data licence (LICENSE-DATA)."""

DATA_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
"""The licence's canonical address: SSSOM `license`, `dct:license` in RDF and JSON-LD."""

DATA_LICENCE_NAME = "Creative Commons Attribution 4.0 International (CC BY 4.0)"

ATTRIBUTION = "PAM Recognition knowledge base (PAM Recognition maintainers), CC BY 4.0"
"""How to credit the data when reusing it."""

MAINTAINER_ROLE = "PAM Recognition maintainers"
"""Who maintains the data and answers feedback: a role, never a person's name."""


def licence_notice() -> str:
    """The licence file that travels with every data download (the zip's LICENSE.txt)."""
    return (
        "PAM Recognition knowledge base: data licence\n\n"
        f"This data is licensed under the {DATA_LICENCE_NAME}.\n"
        f"SPDX: {DATA_LICENCE}. Full text: {DATA_LICENCE_URL}legalcode\n\n"
        f"Credit it as: {ATTRIBUTION}, with a link to the licence, and say whether you changed it.\n\n"
        "Every entry names the documents it rests on under 'sources:'. Those documents belong to\n"
        "their publishers; they are cited here, not relicensed.\n\n"
        f"The software that reads this data is licensed separately under {CODE_LICENCE}.\n"
    )


def licence_info() -> dict[str, str]:
    """The licence facts pages show (downloads, about page)."""
    return {
        "name": DATA_LICENCE_NAME,
        "url": DATA_LICENCE_URL,
        "spdx": DATA_LICENCE,
        "attribution": ATTRIBUTION,
        "code": CODE_LICENCE,
        "maintainer": MAINTAINER_ROLE,
    }
