"""The home page's "What the data is" list (docs/index.md's ``tables`` section): each table in words.

A reader meets each table by what it holds, in the words of its model (the first paragraph of its
docstring, the descriptor's description too) under a reader's name for it (its title, as the nav
names it); the table's name, which code and queries use, comes last, as a detail. Made from the
models, so a new table is listed without anyone typing it.
"""

from __future__ import annotations

from crocus_data.models import MODELS
from crocus_data.published.descriptor import table_description
from crocus_data.site.evidence_index import text

SECTION = "tables"


def tables_list() -> str:
    """The list of tables (HTML, one line of Markdown)."""
    items = "".join(
        f"<li><strong>{text(model.table_title.split(':')[0])}</strong>: {text(table_description(model))} "
        f'<span class="table-name">(in the files: <code>{text(model.table)}</code>)</span></li>'
        for model in MODELS
    )
    return f'<ul class="tables-list">{items}</ul>'
