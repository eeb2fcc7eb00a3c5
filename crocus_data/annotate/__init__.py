"""The encoding workbench (``crocus-data annotate SRC``): select a source's words in a browser, fill the form
its table's model generates, and get rows the validator accepts, with exact code-point offsets.

``offsets`` turns a browser's UTF-16 positions into code points; ``source_view`` cuts the text into the
pieces the page shows; ``forms`` generates the forms from the models; ``records`` labels records and
makes new ids; ``save`` builds the files a save writes, ``staging`` validates them first; ``workbench``
answers the page; ``guard`` and ``app`` serve it on 127.0.0.1 behind a token; ``server`` runs it.
Starlette and uvicorn (the ``annotate`` extra) are imported by ``app`` and ``server`` only.
"""
