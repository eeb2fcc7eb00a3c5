"""The schema.org Dataset entry embedded in the docs' home page, so dataset search engines can index it.

It is made from the Croissant document the build has just rendered: the same name, description,
licence, version, keywords and creators (``dataset_metadata``), and the same table files. Sizes and
hashes stay in croissant.json, so that editing a row does not rewrite the home page. Only the tables
are its distribution: the news texts ship beside them, but they are
third-party and under neither of the project's licences, which the description says.
"""

from __future__ import annotations

from typing import Any

from crocus_data.echo import json_in_script
from crocus_data.published.croissant import MEDIA_TYPES, dataset_fields
from crocus_data.published.dataset_metadata import DATA_LICENCE_URL, citation

SECTION = "schema-org"


def schema_org_dataset(croissant: dict[str, Any]) -> dict[str, Any]:
    """The schema.org ``Dataset`` for the version and table files the Croissant document describes."""
    version = str(croissant["version"])
    tables = [node for node in croissant["distribution"] if node["encodingFormat"] != MEDIA_TYPES["txt"]]
    return {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        **dataset_fields(version, vocabulary=""),
        "citation": citation(version),
        "distribution": [
            {
                "@type": "DataDownload",
                # Where the file lies in the installed package's data directory (crocus_data.data_dir()).
                "name": node["contentUrl"],
                "description": node["description"],
                "encodingFormat": node["encodingFormat"],
                "license": DATA_LICENCE_URL,
            }
            for node in tables
        ],
    }


def dataset_script(croissant: dict[str, Any]) -> str:
    """The entry as the JSON-LD script element a page embeds."""
    # No "</" may end the script early, nor "<!--" open a comment: < > & are written as JSON escapes.
    return f'<script type="application/ld+json">\n{json_in_script(schema_org_dataset(croissant))}\n</script>'
