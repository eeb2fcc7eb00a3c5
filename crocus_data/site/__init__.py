"""The docs site's generators: the pages, sections and figures made from the data for ``docs/``.

Evidence browser (``evidence_pages``, ``evidence_index``, ``span_segments``, ``contested_page``),
reference pages (``dictionary_page``, ``rules_page``, ``coverage_page``, ``estimate_page``), the home
page's catalogue entry (``schema_org``), the figures (``figures``), the snippet outputs
(``snippet_outputs``) and the highlighting stylesheet (``highlight_css``). ``build`` says where each
goes; ``crocus_data.docs_site`` (the MkDocs hook) puts them into the site. Nothing here is needed to
load or validate the data.
"""
