"""Benchmark: peak memory of the commands a pull request reaches, on bombs, against a clean run.

Each bomb is planted in a copy of this checkout, and one whole `crocus-data` process runs on it
(peak memory is the child's own max RSS, as benchmarks/validate.py measures it):

* gzip: `gate last-release` with `releases/9.9.9.json.gz` a gzip member of N MiB of spaces (~1,000:1);
* dev-zero: `gate last-release` with `releases/9.9.9.json.gz` a symlink to /dev/zero;
* parquet: `validate` with `parquet/evidence.parquet` holding one 14 MiB dictionary value on every row;
* nested-manifest: `gate last-release` with a manifest nested 200,000 deep;
* nested-parquet: `validate` with a Parquet file's crocus_data metadata nested 100,000 deep;
* clean-gate and clean-validate: the same commands on the checkout as it is, for comparison.

Every run is under an address-space limit (`prlimit --as`, default 4 GiB), so a command that would
read /dev/zero for ever stops with a MemoryError instead of taking the machine down.

    python benchmarks/bombs.py
    python benchmarks/bombs.py --code /tmp/old      # another checkout's crocus_data (before a fix)
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import sys
import tempfile
import zlib
from pathlib import Path

from validate import run

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DATA = Path("crocus_data") / "data"
BOMBS = ["clean-gate", "gzip", "dev-zero", "nested-manifest", "clean-validate", "parquet", "nested-parquet"]


def checkout_copy(target: Path) -> Path:
    shutil.copytree(REPO / DATA, target / DATA, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "releases", target / "releases")
    for name in ("datapackage.json", "CHANGELOG.md"):
        shutil.copy2(REPO / name, target / name)
    return target


def gzip_bomb(path: Path, megabytes: int) -> None:
    stream = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b" " * (1 << 20)
    with path.open("wb") as out:
        for _ in range(megabytes):
            out.write(stream.compress(chunk))
        out.write(stream.flush())


def rewrite_parquet(path: Path, *, dictionary_mb: int = 0, nested: int = 0) -> None:
    """A Parquet copy whose quote column holds one huge dictionary value, or whose metadata is nested deep."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    if dictionary_mb:
        name = "quote"
        values = pa.DictionaryArray.from_arrays(
            pa.array([0] * table.num_rows, pa.int32()), pa.array(["x" * (dictionary_mb << 20)])
        )
        table = table.set_column(table.schema.get_field_index(name), pa.field(name, values.type), values)
    if nested:
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), b"crocus_data": b"[" * nested})
    pq.write_table(table, path, compression="zstd")


def plant(bomb: str, root: Path, megabytes: int) -> tuple[list[str], int]:
    """Plant BOMB in the checkout ROOT: the command to run, and the size of the largest file it reads."""
    releases = root / "releases"
    if bomb in ("clean-gate", "gzip", "dev-zero", "nested-manifest"):
        target = releases / "9.9.9.json.gz"
        if bomb == "gzip":
            gzip_bomb(target, megabytes)
        elif bomb == "dev-zero":
            target.symlink_to("/dev/zero")
        elif bomb == "nested-manifest":
            target.write_bytes(gzip.compress(b"[" * 200_000, mtime=0))
        largest = max(path.stat().st_size for path in releases.glob("*.json.gz") if path.is_file())
        return ["gate", "last-release", str(root)], largest
    parquet = root / DATA / "parquet"
    if bomb == "parquet":
        rewrite_parquet(parquet / "evidence.parquet", dictionary_mb=14)
    elif bomb == "nested-parquet":
        rewrite_parquet(parquet / "figures.parquet", nested=100_000)
    largest = max(path.stat().st_size for path in (root / DATA).rglob("*") if path.is_file())
    return ["validate", str(root), "--format", "json"], largest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--code", type=Path, help="a checkout whose crocus_data to run (default: the installed one)")
    parser.add_argument("--gzip-mb", type=int, default=3072, help="MiB the gzip bomb inflates to (3 GiB)")
    parser.add_argument("--limit-gb", type=float, default=4.0, help="address-space limit of each run")
    parser.add_argument("--bombs", nargs="+", default=BOMBS, choices=BOMBS)
    args = parser.parse_args()
    if args.code is not None:
        os.environ["PYTHONPATH"] = str(args.code)
    limit = ["prlimit", f"--as={int(args.limit_gb * (1 << 30))}", "--"]
    print(f"{'bomb':<16} {'largest input':>14} {'seconds':>8} {'peak MB':>8}  exit")
    with tempfile.TemporaryDirectory() as temporary:
        for bomb in args.bombs:
            root = checkout_copy(Path(temporary) / bomb)
            command, largest = plant(bomb, root, args.gzip_mb)
            os.chdir(root)  # last-release is looked for from the working directory
            result = run([*limit, sys.executable, "-m", "crocus_data.cli", *command])
            os.chdir(HERE)
            size = f"{largest / (1 << 20):.2f} MB"
            print(f"{bomb:<16} {size:>14} {result.seconds:>8.2f} {result.peak_mb:>8.0f}  {result.status}")
            shutil.rmtree(root)


if __name__ == "__main__":
    main()
