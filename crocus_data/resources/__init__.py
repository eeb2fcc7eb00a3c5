"""Resources: what the build publishes from checked records, each generator returning bytes.

``csv_codec`` (canonical CSV), ``parquet``, ``descriptor`` (Table Schema and the Data Package),
``json_schema``, the generated docs pages (``dictionary_page``, ``coverage_page``, ``rules_page``),
``outputs`` (the one write-or-check loop) and ``build``, which runs the checks and then all of them.
"""
