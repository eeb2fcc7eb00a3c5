"""The docs site's generators: the pages, sections and figures made from the data for ``docs/``.

The home page's headline cards (``headline``) and the contested page (``contested_page``), both from
``quantities`` (each count in words, its verdict, who says it); the evidence browser
(``evidence_pages``, ``evidence_index``, ``span_segments``; a record's fields in words, ``record_fields``;
the treatment page's summary, ``treatment_summary``); the home page's list of tables (``tables_list``);
reference pages (``dictionary_page``,
``rules_page``, ``coverage_page``, ``estimate_page``); the home page's catalogue entry
(``schema_org``); the figures (``figures``) and the table beside each (``figure_tables``), from the
same rows (``figure_rows``); the snippet outputs (``snippet_outputs``) and the highlighting
stylesheet (``highlight_css``).
``build`` says where each goes; ``crocus_data.docs_site`` (the MkDocs hook) puts them into the site.
Nothing here is needed to load or validate the data.
"""
