"""Hugging Face datasets reads every shipped Parquet file as load() does, offline.

Run in a fresh interpreter: datasets reads its cache location and offline switches once, when it is
first imported, so the environment is set before that (a scratch HF_HOME, nothing from the Hub).
datasets is in the dev extra: without it the script fails, and so does the test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_docs import offline_hugging_face

import crocus_data

pytestmark = pytest.mark.interop  # a slow tier: pytest --all-tiers, .ci/run

SCRIPT = """
import json
import crocus_data
from datasets import load_dataset

compared = {}
for name in crocus_data.tables():
    path = crocus_data.parquet_path(name)
    assert path.is_relative_to(crocus_data.data_dir()), path
    dataset = load_dataset("parquet", data_files=str(path), split="train")
    expected = crocus_data.load(name, backend="pyarrow")
    assert dataset.column_names == expected.column_names, name
    assert dataset.to_list() == expected.to_pylist(), name
    compared[name] = dataset.num_rows
print(json.dumps(compared))
"""


def test_every_table_loads_in_datasets_as_load_gives_it(tmp_path: Path) -> None:
    env = {**os.environ, **offline_hugging_face(tmp_path)}
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    compared = json.loads(result.stdout.strip().splitlines()[-1])
    assert compared == {name: len(crocus_data.load(name)) for name in crocus_data.tables()}
    assert (tmp_path / "huggingface").is_dir()  # the cache went where it was told, not to the home folder
