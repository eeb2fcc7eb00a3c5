"""Who made the dataset, what it is and under which licence: the one place every catalogue entry reads.

The Data Package descriptor, the Croissant file and the schema.org entry on the docs' home page all
take their name, title, description, keywords, creators, licences and citation from here, so a
search engine, an ML hub and a Data Package reader are told the same thing. ``CITATION.cff`` is
hand-written; a test keeps it in agreement with this module.
"""

from __future__ import annotations

NAME = "crocus-data"
TITLE = "crocus-data: the Crocus City Hall attack and its aftermath, encoded from news reports"
DESCRIPTION = (
    "Claims, not facts: incidents, actors, detentions, reported treatment in custody, statements and "
    "figures from news reports about the 22 March 2024 attack on Crocus City Hall and the hostage-taking "
    "in a Rostov detention centre nearly three months later, each row attributed and backed by verbatim "
    "evidence."
)
KEYWORDS = ("Crocus City Hall", "terrorism", "detention", "torture", "event data", "claims")
CREATORS = ("crocus-data contributors",)

# The tables (CSV and Parquet) and every file generated from them.
DATA_LICENCE_ID = "CC-BY-4.0"
DATA_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
DATA_LICENCE_TITLE = (
    "Creative Commons Attribution 4.0 (the encoded tables; not the source texts, see docs/licensing.md)"
)

# What a shipped news report is, said wherever one is listed: it is under neither of this project's licences.
SOURCE_TEXT_TERMS = (
    "A third-party news report shipped verbatim, bytes as received, only so that evidence quotes can be "
    "checked; evidence offsets index its characters. It is not licensed by this project (neither CC BY 4.0 "
    "nor MIT): its copyright stays with its authors and publishers. Quote it as you would any news report."
)
LICENCE_NOTE = (
    "The encoded tables are licensed CC BY 4.0 and the code MIT; the news reports shipped as source texts "
    "are covered by neither licence and remain their publishers' (see LICENSE-DATA.md)."
)


def citation(version: str) -> str:
    """The plain-text citation the docs give (docs/citing.md), for ``version``."""
    return f"{', '.join(CREATORS)}. {TITLE} (version {version}) [Data set]. Encoded data licensed CC BY 4.0."


def bibtex(version: str) -> str:
    """The same citation as BibTeX, the form Croissant's ``citeAs`` recommends."""
    key = f"crocus_data_{version.replace('.', '_')}"
    authors = " and ".join(f"{{{creator}}}" for creator in CREATORS)
    return (
        f"@misc{{{key},\n"
        f"  author = {{{authors}}},\n"
        f"  title = {{{{{TITLE}}}}},\n"
        f"  version = {{{version}}},\n"
        f"  note = {{Data set. Encoded data licensed CC BY 4.0}}\n"
        f"}}"
    )
