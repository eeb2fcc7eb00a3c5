"""Memory on bombs: at most about three times the largest input above the same command on clean data.

The promise ``validate`` makes (docs/validation.md, "Memory bound"), held for the commands that read
what a pull request puts under ``releases/`` and ``parquet/``: a gzip bomb, a manifest that is
/dev/zero, a Parquet column of one huge dictionary value, JSON nested 200,000 deep. Each command runs
as a child process under a 4 GiB address-space limit (so a bomb cannot take the machine down) and
its peak resident memory is compared with a clean run's. ``benchmarks/bombs.py`` prints the figures.
"""

from __future__ import annotations

import functools
import gzip
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from bombs import write_gzip_bomb
from scratch import REPO, ScratchRepo

# Each case builds a bomb of up to 1 GiB and measures a process's peak memory: the deep tier (CI runs it).
pytestmark = pytest.mark.deep

LIMIT = 4 << 30
SLACK = 32 << 20  # the allocator's and the interpreter's own variation between runs
GATE = ["gate", "last-release", "."]
VALIDATE = ["validate", ".", "--format", "json"]


def checkout(root: Path) -> Path:
    ScratchRepo.copy_to(root)
    shutil.copytree(REPO / "releases", root / "releases")
    shutil.copy2(REPO / "CHANGELOG.md", root / "CHANGELOG.md")
    return root


def peak(root: Path, argv: list[str], address_space: int = LIMIT) -> tuple[int, int, str]:
    """(exit status, peak resident bytes, stderr) of ``crocus-data ARGV`` run in ROOT under an address-space limit."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))

    with (root.parent / f"{root.name}.err").open("w+b") as err:
        child = subprocess.Popen(
            [sys.executable, "-m", "crocus_data.cli", *argv], cwd=root, stdout=subprocess.DEVNULL, stderr=err,
            stdin=subprocess.DEVNULL, preexec_fn=limit,
        )  # fmt: skip
        _, status, usage = os.wait4(child.pid, 0)
        err.seek(0)
        return os.waitstatus_to_exitcode(status), usage.ru_maxrss * 1024, err.read().decode("utf-8", "replace")


@functools.cache
def clean(command: tuple[str, ...], where: Path) -> int:
    return min(peak(checkout(where / f"clean-{command[0]}-{n}"), list(command))[1] for n in range(2))


def largest_input(root: Path) -> int:
    return max(path.stat().st_size for path in root.rglob("*") if path.is_file() and not path.is_symlink())


def gzip_bomb(root: Path) -> None:
    write_gzip_bomb(root / "releases" / "9.9.9.json.gz", 1024)


def dev_zero(root: Path) -> None:
    (root / "releases" / "9.9.9.json.gz").symlink_to("/dev/zero")


def nested_manifest(root: Path) -> None:
    (root / "releases" / "9.9.9.json.gz").write_bytes(gzip.compress(b"[" * 200_000, mtime=0))


def parquet_dictionary(root: Path) -> None:
    """One 14 MiB value on every row of the evidence's Parquet copy: 7 kB stored, gigabytes decoded."""
    path = root / "crocus_data" / "data" / "parquet" / "evidence.parquet"
    table = pq.read_table(path)
    values = pa.DictionaryArray.from_arrays(pa.array([0] * table.num_rows, pa.int32()), pa.array(["x" * (14 << 20)]))
    index = table.schema.get_field_index("quote")
    pq.write_table(table.set_column(index, pa.field("quote", values.type), values), path, compression="zstd")


def parquet_nested_metadata(root: Path) -> None:
    path = root / "crocus_data" / "data" / "parquet" / "figures.parquet"
    table = pq.read_table(path)
    pq.write_table(
        table.replace_schema_metadata({**(table.schema.metadata or {}), b"crocus_data": b"[" * 100_000}), path
    )


# bomb: (how it is planted, the command, its exit status, the address space it may have). Decoding the
# Parquet bomb takes 2.4 GB: under 4 GiB the allocation would fail early and hide what it costs.
BOMBS = {
    "gzip bomb of 1 GiB in releases/": (gzip_bomb, GATE, 2, LIMIT),
    "releases/ manifest linked to /dev/zero": (dev_zero, GATE, 2, LIMIT),
    "manifest nested 200,000 deep": (nested_manifest, GATE, 2, LIMIT),
    "Parquet dictionary value of 14 MiB on every row": (parquet_dictionary, VALIDATE, 1, 2 * LIMIT),
    "Parquet metadata nested 100,000 deep": (parquet_nested_metadata, VALIDATE, 1, LIMIT),
}


@pytest.mark.parametrize("bomb", BOMBS, ids=list(BOMBS))
def test_a_bomb_costs_at_most_three_times_the_largest_input(
    bomb: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    plant, command, status, address_space = BOMBS[bomb]
    where = tmp_path_factory.getbasetemp() / "bomb-memory"
    where.mkdir(exist_ok=True)
    root = checkout(tmp_path_factory.mktemp("bomb") / "checkout")
    plant(root)
    found, used, err = peak(root, command, address_space)
    assert "unexpected error" not in err and "Traceback" not in err, err[-1000:]
    assert found == status, err[-1000:]
    allowed = 3 * largest_input(root) + SLACK
    above = used - clean(tuple(command), where)
    assert above <= allowed, f"{above >> 20} MiB above a clean run, allowed {allowed >> 20} MiB"
