"""Timeline: incidents, statements and detentions with their date bounds, never a single invented day."""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable

import pandas as pd

from crocus_data.views.labels import VOICE, actor_labels
from crocus_data.views.tables import TableSource, tables_of

TIMELINE_COLUMNS = [
    "kind",
    "record_id",
    "incident_id",
    "label",
    "earliest",
    "latest",
    "precision",
    "derivation",
    "date_note",
    "preceded_by",
]


# Words a place in the documents' own words may open with, which then says where by itself ("near a station").
_PREPOSITIONS = frozenset(
    [
        "in",
        "at",
        "near",
        "outside",
        "inside",
        "on",
        "by",
        "from",
        "within",
        "around",
        "behind",
        "between",
        "off",
        "across",
        "along",
        "beyond",
    ]
)


def _where(place: str) -> str:
    """A verbatim place after a verb: "in the Bryansk region", but "near a railway station" as written."""
    first = place.split(maxsplit=1)[0].casefold() if place.strip() else ""
    return place if first in _PREPOSITIONS else f"in {place}"


def _dated(frame: pd.DataFrame, kind: str, key: str, prefix: str, labels: Iterable[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kind": kind,
            "record_id": frame[key],
            "incident_id": frame["incident_id"],
            "label": list(labels),
            "earliest": frame[f"{prefix}_earliest"],
            "latest": frame[f"{prefix}_latest"],
            "precision": frame[f"{prefix}_precision"].astype("string"),
            "derivation": frame[f"{prefix}_derivation"].astype("string"),
            "date_note": frame[f"{prefix}_note"],
        }
    )


def _in_text_order(frame: pd.DataFrame, precedes: list[tuple[str, str]]) -> list[int]:
    """Row positions, rows with the same date bounds put in the order the text gives (``precedes``).

    Within each run of equal bounds the rows keep their order except where a relation says otherwise
    (a topological sort that always takes the earliest row it can). The relations are acyclic (the
    validator checks it); rows on a cycle, should one slip through, keep their order after the rest
    of their run.
    """
    order: list[int] = []
    earliest, latest = frame["earliest"].astype("string").fillna(""), frame["latest"].astype("string").fillna("")
    bounds = list(zip(earliest, latest, strict=True))
    ids = list(frame["record_id"])
    start = 0
    while start < len(ids):
        end = start
        while end < len(ids) and bounds[end] == bounds[start]:
            end += 1
        members = {ids[i]: i for i in range(start, end)}
        after: dict[int, list[int]] = defaultdict(list)
        waiting = dict.fromkeys(range(start, end), 0)
        for first, then in precedes:
            if first in members and then in members:
                after[members[first]].append(members[then])
                waiting[members[then]] += 1
        ready = [i for i, count in waiting.items() if count == 0]
        heapq.heapify(ready)
        run: list[int] = []
        while ready:
            i = heapq.heappop(ready)
            run.append(i)
            for j in after[i]:
                waiting[j] -= 1
                if waiting[j] == 0:
                    heapq.heappush(ready, j)
        placed = set(run)
        order += run + [i for i in range(start, end) if i not in placed]
        start = end
    return order


def timeline(data: TableSource = None) -> pd.DataFrame:
    """Incidents, statements and detentions, one row each, with their date bounds.

    Columns: ``kind`` (``incident``, ``statement``, ``detention``), ``record_id``, ``incident_id``,
    ``label`` (readable), ``earliest`` and ``latest`` (``datetime64[s]``; NaT where the documents
    leave a bound open — none is invented), ``precision``, ``derivation``, ``date_note`` and
    ``preceded_by`` (the statements the text says came before this one: its ``precedes``
    relations, comma-separated). Sorted by earliest, then latest (open bounds last); rows with the
    same bounds in the order the text gives where it gives one, then by kind and id. Event dates
    (incidents, detentions) and statement dates are different things; ``kind`` keeps them apart.
    ``data`` is the package to read (see ``views.tables``): the installed one by default.
    """
    tables = tables_of(data)
    names = actor_labels(tables)
    incidents = tables["incidents"]
    statements = tables["statements"]
    detentions = tables["detentions"]
    relations = tables["statement_relations"]
    relations = relations[(relations["relation"] == "precedes") & relations["to_statement_id"].notna()]
    precedes = list(zip(relations["from_statement_id"], relations["to_statement_id"], strict=True))

    def said(row: pd.Series) -> str:
        who = names[row["speaker_actor_id"]] if pd.notna(row["speaker_actor_id"]) else VOICE[str(row["attribution"])]
        whom = f" → {names[row['target_actor_id']]}" if pd.notna(row["target_actor_id"]) else ""
        via = f" (via {names[row['relay_actor_id']]})" if pd.notna(row["relay_actor_id"]) else ""
        return f"{who}{via}: {str(row['kind']).replace('_', ' ')}{whom}"

    def held(row: pd.Series) -> str:
        where = f" {_where(str(row['place']))}" if pd.notna(row["place"]) else ""
        return f"{names[row['actor_id']]} {row['status']}{where}"

    frame = pd.concat(
        [
            _dated(incidents, "incident", "incident_id", "date", incidents["name"]),
            _dated(statements, "statement", "statement_id", "said", statements.apply(said, axis=1)),
            _dated(detentions, "detention", "detention_id", "detained", detentions.apply(held, axis=1)),
        ],
        ignore_index=True,
    )
    earlier = relations.groupby("to_statement_id")["from_statement_id"].agg(lambda ids: ", ".join(sorted(ids)))
    frame = frame.assign(preceded_by=frame["record_id"].map(earlier))
    frame = frame.astype(
        {
            "kind": "string",
            "record_id": "string",
            "incident_id": "string",
            "label": "string",
            "date_note": "string",
            "preceded_by": "string",
        }
    )
    frame = frame.sort_values(["earliest", "latest", "kind", "record_id"], na_position="last", kind="stable")
    frame = frame.reset_index(drop=True)
    return frame.iloc[_in_text_order(frame, precedes)][TIMELINE_COLUMNS].reset_index(drop=True)
