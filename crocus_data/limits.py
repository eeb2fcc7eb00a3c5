"""Every size limit of every command, in one place: each is documented in docs/validation.md and can be changed.

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

# What the other commands read (diff, gate, --against, add-source, fill-offsets, release-manifest, build):
# the same promise as the validator's, for every file a pull request can put in the tree or under releases/.
MAX_MANIFEST_BYTES = 64 * 1024 * 1024  # a release manifest as stored (gzip-compressed or plain JSON)
MAX_MANIFEST_INFLATED = 1024 * 1024 * 1024  # a manifest's JSON once decompressed
MAX_INFLATE_RATIO = 20  # decompressed bytes per stored byte (real manifests: 3.4 to 5.4); beyond it, a bomb
MAX_CHANGELOG_BYTES = 4 * 1024 * 1024  # CHANGELOG.md, read by the gate
MAX_JSON_DEPTH = 64  # arrays and objects inside one another, in any JSON read (a descriptor is 8 deep)
MAX_JSON_NUMBER_CHARS = 40  # characters of one number in any JSON read (1e999 and 4,300-digit integers refused)
MAX_VERSION_CHARS = 64  # a version string (MAJOR.MINOR.PATCH), before it may name a file
MAX_PARQUET_METADATA_BYTES = 16 * 1024 * 1024  # a Parquet file's footer (schema and key-value metadata)
PARQUET_BATCH_BYTES = 64 * 1024 * 1024  # a Parquet file is compared in batches decoding at most about this much
# The encoding workbench (`crocus-data annotate`): what one request may send, how deep a copy to validate goes.
MAX_REQUEST_BYTES = 1024 * 1024  # a request's body (one save is a few kilobytes)
MAX_STAGED_DEPTH = 8  # folders inside the data directory copied to validate a save (the layout has two)
