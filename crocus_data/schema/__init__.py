"""Descriptions generated from the models: columns, Table Schema, JSON Schema, Arrow and pandas types."""
