"""Extraction pinned whole: facts and events of every test document against their golden files
(tests/golden.py; `make golden` regenerates them, and the diff is what to review)."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest

from tests.golden import GOLDEN, KINDS, documents, extracted, golden_path

DOCUMENTS = documents()


@pytest.mark.parametrize("document", DOCUMENTS, ids=[d.stem for d in DOCUMENTS])
def test_extraction_matches_its_golden_files(document: Path) -> None:
    printed = extracted(document)
    for kind in KINDS:
        path = golden_path(document, kind)
        assert path.exists(), f"no golden file {path.name}: run make golden and review it"
        expected = path.read_text("utf-8")
        if printed[kind] != expected:
            diff = "".join(
                difflib.unified_diff(
                    expected.splitlines(keepends=True),
                    printed[kind].splitlines(keepends=True),
                    f"golden/{path.name}",
                    f"now/{path.name}",
                )
            )
            pytest.fail(f"extraction changed; if intended, run make golden and commit:\n{diff}")


def test_every_golden_file_belongs_to_a_document_in_use() -> None:
    expected = {golden_path(d, kind).name for d in DOCUMENTS for kind in KINDS}
    assert {p.name for p in GOLDEN.glob("*.json")} == expected


def test_every_document_gives_something_and_the_sample_what_the_readme_says() -> None:
    # Every document gives something; the bundled sample's counts are the README's.
    facts = {d.stem: json.loads(golden_path(d, "facts").read_text("utf-8")) for d in DOCUMENTS}
    events = {d.stem: json.loads(golden_path(d, "events").read_text("utf-8")) for d in DOCUMENTS}
    assert (len(facts["mali-ieg-2016"]), len(events["mali-ieg-2016"])) == (14, 15)
    assert all(facts[name] or events[name] for name in facts)
