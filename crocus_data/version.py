"""The package version: one place, read by the build backend, the descriptors and every Parquet file."""

__version__ = "0.3.0"
