"""What the package publishes, each generator returning bytes: canonical CSV, Parquet, the Data
Package descriptor, JSON Schemas, Croissant, W3C annotations, and the release metadata every
Parquet file carries. ``build`` checks the records, then renders them all.
"""
