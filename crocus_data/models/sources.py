"""The documents the dataset encodes: one row per source text shipped in the package."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from crocus_data.models.keys import SourceKey
from crocus_data.models.record import DateBounds, Record, Text, Worded
from crocus_data.models.row_rules import date_rules
from crocus_data.models.vocabulary import Language


class Source(Record):
    """One document the dataset encodes; its verbatim text ships in the package."""

    table = "sources"
    primary_key = "source_id"
    table_title = "Source documents"
    row_rules = date_rules("published")

    source_id: SourceKey = Field(description="Stable id of the document, from its file name's number.")
    filename: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]+\.txt$")] = Field(
        description="File name of the verbatim text (UTF-8, bytes as received); the descriptor lists it as a "
        "resource named by source_id."
    )
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] = Field(
        description="SHA-256 of the text file's bytes; proves the shipped text is the one encoded."
    )
    bytes: int = Field(ge=0, description="Size of the text file in bytes.")
    title: Worded | None = Field(None, description="Title as printed in the document; empty if it has none.")
    publisher: Text | None = Field(None, description="Publisher if the document names one; empty otherwise.")
    url: Text | None = Field(None, description="Address of the original if known; empty otherwise.")
    language: Language = Field(description="Language of the text.")
    published: DateBounds = Field(description="Publication date of the document.")
    note: Text | None = Field(None, description="Anything a reader should know about the document.")
