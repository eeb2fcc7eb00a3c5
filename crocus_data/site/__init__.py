"""The docs site's generators: the pages, sections and figures made from the data for ``docs/``.

Evidence browser (``evidence_pages``, ``evidence_index``, ``span_segments``, ``contested_page``),
reference pages (``dictionary_page``, ``rules_page``, ``coverage_page``, ``estimate_page``), the home
page's catalogue entry (``schema_org``), the figures (``figures``), and the snippet outputs
(``docs_build``). ``build`` renders them all. Nothing here is needed to load or validate the data.
"""
