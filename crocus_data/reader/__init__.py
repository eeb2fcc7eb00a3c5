"""The reader: the files of a data package, opened safely, become one in-memory ``Package``.

``package`` follows a descriptor (or the hand-encoded layout) to the files; ``csv_file`` reads a
table's bytes; ``cells`` types each cell and reports those that do not type; ``table_data`` holds a
table as read. Nothing here checks across rows: that is ``crocus_data.checks``.
"""
