"""crocus_data.safe_io, the one way every command opens, reads, decompresses, parses and writes.

Each promise of its modules on the inputs a pull request can plant: a link out of the tree, a pipe,
a device, a file swapped or grown while read; a gzip bomb; JSON nested deep, with huge numbers or
lone surrogates; a Parquet file whose values decode to far more than it stores; and a write that
must land inside the tree, whole, with the file's mode kept.
"""

from __future__ import annotations

import gzip
import json
import os
import stat
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crocus_data.limits import MAX_JSON_DEPTH, MAX_JSON_NUMBER_CHARS
from crocus_data.problems import Problem
from crocus_data.rule_registry import Rule
from crocus_data.safe_io.files import RefusedError, read_inside, read_or_refuse, read_regular, write_inside
from crocus_data.safe_io.inflate import InflateError, gunzip
from crocus_data.safe_io.json_text import JsonError, parse_json
from crocus_data.safe_io.parquet_file import decoded_bytes, open_parquet

from bombs import gzip_bomb

# --- reading ---------------------------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "tree"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "file.txt").write_bytes(b"inside\n")
    (tmp_path / "secret.txt").write_bytes(b"SECRET\n")
    return root


def test_a_regular_file_inside_is_read(tree: Path) -> None:
    assert read_inside(tree, "sub/file.txt", 100) == b"inside\n"


def test_a_link_inside_the_tree_to_a_file_inside_is_read(tree: Path) -> None:
    (tree / "alias.txt").symlink_to("sub/file.txt")
    assert read_inside(tree, "alias.txt", 100) == b"inside\n"


@pytest.mark.parametrize("relative", ["../secret.txt", "/etc/passwd", "sub/../../secret.txt", "http://x/y", "a\x00b"])
def test_a_path_that_leaves_the_tree_is_refused(tree: Path, relative: str) -> None:
    found = read_inside(tree, relative, 100)
    assert isinstance(found, Problem) and found.rule is Rule.PACKAGE_PATH_OUTSIDE


def test_a_link_out_of_the_tree_is_refused_file_or_folder(tree: Path) -> None:
    (tree / "out.txt").symlink_to(tree.parent / "secret.txt")
    (tree / "outdir").symlink_to(tree.parent)
    for relative in ("out.txt", "outdir/secret.txt"):
        found = read_inside(tree, relative, 100)
        assert isinstance(found, Problem) and found.rule is Rule.PACKAGE_PATH_OUTSIDE, relative


def test_a_pipe_and_a_device_are_never_read(tree: Path) -> None:
    os.mkfifo(tree / "pipe")
    for path in (tree / "pipe", Path("/dev/zero")):
        found = read_regular(path, path.name, 1 << 20)
        assert isinstance(found, Problem) and found.rule is Rule.FILE_NOT_REGULAR, path


def test_a_file_over_the_limit_is_refused_before_it_is_read(tree: Path) -> None:
    found = read_inside(tree, "sub/file.txt", 3)
    assert isinstance(found, Problem) and found.rule is Rule.FILE_TOO_LARGE


def test_read_or_refuse_says_missing_with_none_and_anything_else_with_one_line(tree: Path) -> None:
    assert read_or_refuse(tree, "nothing-here", 10) is None
    os.mkfifo(tree / "pipe")
    with pytest.raises(RefusedError, match="pipe"):
        read_or_refuse(tree, "pipe", 10)


# --- writing ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", [0o644, 0o664, 0o600, 0o755])
def test_a_write_keeps_the_file_mode(tree: Path, mode: int) -> None:
    path = tree / "sub" / "file.txt"
    path.chmod(mode)
    write_inside(tree, "sub/file.txt", b"new\n")
    assert path.read_bytes() == b"new\n" and stat.S_IMODE(path.stat().st_mode) == mode


def test_a_new_file_gets_the_mode_the_umask_gives(tree: Path) -> None:
    previous = os.umask(0o022)
    try:
        write_inside(tree, "new/deeper/file.txt", b"x")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tree / "new" / "deeper" / "file.txt").stat().st_mode) == 0o644


def test_a_write_through_a_link_inside_the_tree_replaces_the_target(tree: Path) -> None:
    (tree / "alias.txt").symlink_to("sub/file.txt")
    write_inside(tree, "alias.txt", b"through\n")
    assert (tree / "alias.txt").is_symlink() and (tree / "sub" / "file.txt").read_bytes() == b"through\n"


@pytest.mark.parametrize("where", ["file", "folder"])
def test_no_write_goes_through_a_link_out_of_the_tree(tree: Path, where: str) -> None:
    outside = tree.parent / "outside"
    outside.mkdir()
    (outside / "target.txt").write_bytes(b"untouched\n")
    if where == "file":
        (tree / "link.txt").symlink_to(outside / "target.txt")
        relative = "link.txt"
    else:
        (tree / "linked").symlink_to(outside)
        relative = "linked/target.txt"
    with pytest.raises(RefusedError):
        write_inside(tree, relative, b"pwned\n")
    assert (outside / "target.txt").read_bytes() == b"untouched\n"
    assert sorted(p.name for p in outside.iterdir()) == ["target.txt"]


@pytest.mark.parametrize("relative", ["../escaped.txt", "/tmp/escaped.txt", "a/../../escaped.txt", ""])
def test_a_path_that_leaves_the_tree_is_never_written(tree: Path, relative: str) -> None:
    with pytest.raises(RefusedError):
        write_inside(tree, relative, b"x")
    assert not (tree.parent / "escaped.txt").exists()


def test_a_pipe_is_never_replaced(tree: Path) -> None:
    os.mkfifo(tree / "pipe")
    with pytest.raises(RefusedError, match="pipe"):
        write_inside(tree, "pipe", b"x")
    assert stat.S_ISFIFO((tree / "pipe").lstat().st_mode)


def test_a_failed_write_leaves_the_file_whole_and_no_temporary(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(RefusedError, match="No space left"):
        write_inside(tree, "sub/file.txt", b"half")
    assert (tree / "sub" / "file.txt").read_bytes() == b"inside\n"
    assert sorted(p.name for p in (tree / "sub").iterdir()) == ["file.txt"]


# --- decompressing ---------------------------------------------------------------------------------


@given(st.binary(max_size=4096))
def test_gunzip_returns_what_was_compressed(content: bytes) -> None:
    assert gunzip(gzip.compress(content)) == content


def bomb(megabytes: int) -> bytes:
    return gzip_bomb(megabytes, b"\0")


def test_a_bomb_is_refused_by_its_ratio_and_by_the_limit() -> None:
    raw = bomb(64)
    with pytest.raises(InflateError, match="bomb"):
        gunzip(raw, ratio=20)
    with pytest.raises(InflateError, match="limit"):
        gunzip(gzip.compress(b"x" * (3 << 20)), limit=2 << 20, ratio=10**6)


@pytest.mark.parametrize(
    "raw",
    [gzip.compress(b"abc")[:-4], gzip.compress(b"abc") + b"tail", gzip.compress(b"a") * 2, b"\x1f\x8b\x08junk"],
    ids=["cut short", "trailing bytes", "two members", "not deflate"],
)
def test_what_is_not_one_whole_gzip_member_is_refused(raw: bytes) -> None:
    with pytest.raises(InflateError):
        gunzip(raw)


# --- parsing JSON ----------------------------------------------------------------------------------


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers(-(10**15), 10**15) | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
        max_leaves=30,
    )
)
def test_parse_json_reads_what_json_writes(document: object) -> None:
    assert parse_json(json.dumps(document).encode()) == document


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        (b"[" * 200_000, "nested"),
        (b"[" * (MAX_JSON_DEPTH + 1) + b"]" * (MAX_JSON_DEPTH + 1), "nested"),
        (b'{"bytes": 1e999}', "too large"),
        (b'{"n": ' + b"1" * 5000 + b"}", "characters"),
        (b'{"n": ' + b"1" * (MAX_JSON_NUMBER_CHARS + 1) + b"}", "characters"),
        (b'{"n": NaN}', "not a JSON number"),
        (b'{"n": -Infinity}', "not a JSON number"),
        (b'{"version": "0.2.\\ud800"}', "surrogate"),
        (b'{"\\udfff": 1}', "surrogate"),
        (b'{"a": 1,}', "line 1"),
        (b"\xff{}", "UTF-8"),
    ],
)
def test_parse_json_refuses_in_one_line(raw: bytes, why: str) -> None:
    with pytest.raises(JsonError, match=why) as refused:
        parse_json(raw)
    assert "\n" not in str(refused.value)


def test_a_surrogate_pair_escaped_in_json_is_one_character() -> None:
    assert parse_json(b'["\\ud83d\\ude00"]') == ["\U0001f600"]


# --- Parquet ---------------------------------------------------------------------------------------


def parquet_with(tmp_path: Path, column: pa.Array, name: str = "f.parquet") -> Path:
    path = tmp_path / name
    pq.write_table(pa.table({"id": pa.array(range(len(column))), "text": column}), path, compression="zstd")
    return path


def test_decoded_bytes_counts_a_dictionary_column_without_decoding_it(tmp_path: Path) -> None:
    rows, size = 200, 1 << 20
    values = pa.DictionaryArray.from_arrays(pa.array([0] * rows, pa.int32()), pa.array(["x" * size]))
    opened = open_parquet(parquet_with(tmp_path, values), "f.parquet")
    assert not isinstance(opened, Problem)
    batch = next(opened.file.iter_batches(batch_size=rows))
    column = batch.column(batch.schema.get_field_index("text"))
    assert pa.types.is_dictionary(column.type)  # read as a dictionary: not 200 MiB of strings
    assert decoded_bytes(column) == rows * size
    assert decoded_bytes(pa.array(["ab", None, "c"])) == 3


def test_a_plain_string_column_is_read_as_a_dictionary_too(tmp_path: Path) -> None:
    path = tmp_path / "plain.parquet"
    pq.write_table(pa.table({"text": pa.array(["a", "bb", "a"])}), path, use_dictionary=False)
    opened = open_parquet(path, "plain.parquet")
    assert not isinstance(opened, Problem)
    batch = next(opened.file.iter_batches())
    assert pa.types.is_dictionary(batch.column(0).type) and decoded_bytes(batch.column(0)) == 4


def test_a_nested_column_and_junk_are_unreadable_problems(tmp_path: Path) -> None:
    nested = tmp_path / "nested.parquet"
    pq.write_table(pa.table({"text": pa.array([[1, 2], [3]])}), nested)
    junk = tmp_path / "junk.parquet"
    junk.write_bytes(b"PAR1" + b"\0" * 100 + b"PAR1")
    for path in (nested, junk):
        found = open_parquet(path, path.name)
        assert isinstance(found, Problem) and found.rule is Rule.PARQUET_UNREADABLE, path
