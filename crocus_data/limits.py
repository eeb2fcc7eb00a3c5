"""Every size limit of the validator, in one place: each is documented in docs/validation.md and can be changed.

Light on purpose (no pyarrow): the command line reads the defaults before anything heavy is imported.
"""

from __future__ import annotations

DEFAULT_MAX_BYTES = 512 * 1024 * 1024  # a table's CSV file (`--max-bytes`)
MAX_SOURCE_BYTES = 16 * 1024 * 1024  # a source text (`--max-source-bytes`)
MAX_DESCRIPTOR_BYTES = 1024 * 1024  # the descriptor
MAX_PROBLEMS_PER_FILE = 200  # problems listed per file before the rest are counted (`--max-problems-per-file`)
MAX_STRUCTURE_PROBLEMS = 1000  # wrong-length rows read from a structurally broken CSV file
MAX_QUOTE_HINTS = 100  # wrong quotes searched for elsewhere in their text
MAX_HINT_TEXT = 1_000_000  # longest text (code points) searched for the closest match of an absent quote
MAX_KEY_HINTS = 100  # broken references given a "did you mean" suggestion
MAX_HINT_KEYS = 20_000  # most existing ids compared with one broken reference
MAX_VALUE_CHARS = 200  # code points of an offending value a problem repeats (escaped), before it is cut
MAX_MANIFEST_BYTES = 64 * 1024 * 1024  # a release manifest under releases/, as stored (gzip)
MAX_MANIFEST_JSON_BYTES = 512 * 1024 * 1024  # a release manifest once decompressed: a gzip bomb stops here
MAX_CHANGELOG_BYTES = 4 * 1024 * 1024  # CHANGELOG.md, read by validate's history checks
