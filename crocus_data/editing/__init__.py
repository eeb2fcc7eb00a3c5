"""Editing the hand-encoded records with tools, so nobody counts offsets or copies hashes by hand:
``add_source`` (a new document and its row) and ``fill_offsets`` (evidence offsets from quotes).
"""
