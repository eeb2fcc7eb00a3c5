"""Analysis views: the questions users ask most, each answered as one pandas DataFrame.

Import it explicitly (``from crocus_data import views``); ``import crocus_data`` alone does not load
pandas. Every view takes the package it reads as ``data``: nothing (the installed package, as
``crocus_data.load()`` gives it), ``crocus_data.load_package("path/to/checkout")`` (a checkout or an older
release), or a mapping of table names to frames; ``tables`` turns each into the one mapping the views read.
One module per view:

- ``figures`` — :func:`figures_summary` (every figure assertion, beside the low / best / high derived
  for its quantity and what they rest on) and :func:`figure_estimates` (one row per quantity); the rule
  itself, pure and without pandas, is ``estimates`` (:func:`estimate`, stated in words as ``estimates.RULE``).
- ``contested`` — :func:`contested`: the disagreements four fixed rules find, side by side.
- ``relations`` — :func:`relations`: what each statement denies, answers, repeats, corrects or precedes.
- ``provenance`` — :func:`provenance`: the evidence, source, speaker and relay behind any record.
- ``timeline`` — :func:`timeline`: incidents, statements and detentions with their date bounds.
"""

from __future__ import annotations

from crocus_data.views.contested import CONTESTED_COLUMNS, contested
from crocus_data.views.estimates import RULE, Assertion, BestReason, Estimate, estimate
from crocus_data.views.figures import figure_estimates, figures_summary
from crocus_data.views.labels import actor_labels
from crocus_data.views.provenance import provenance
from crocus_data.views.relations import RELATION_COLUMNS, relations
from crocus_data.views.timeline import TIMELINE_COLUMNS, timeline

__all__ = [
    "CONTESTED_COLUMNS",
    "RELATION_COLUMNS",
    "RULE",
    "TIMELINE_COLUMNS",
    "Assertion",
    "BestReason",
    "Estimate",
    "actor_labels",
    "contested",
    "estimate",
    "figure_estimates",
    "figures_summary",
    "provenance",
    "relations",
    "timeline",
]
