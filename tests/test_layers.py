"""The layers as a contract: bot → handlers → store, and a Slack-free, clock-free core.

Every import in the three packages is read from the source (module level, inside functions,
under TYPE_CHECKING: all of them count), and each package may import only what its layer
allows. The CLI's promise is checked on a real process: `wpsbot ingest` and `wpsbot ask` load
neither Slack's libraries nor the scheduler (nor matplotlib, drawn only for a chart).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MALI, REPO

# What each layer must never import (a name matches itself and its submodules).
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "store": ("bot", "handlers", "slack_bolt", "slack_sdk", "slack", "apscheduler"),
    "handlers": ("bot", "apscheduler"),
    "bot": (),
}
# slack_* by prefix: slack_bolt, slack_sdk and any later Slack package.
FORBIDDEN_PREFIXES: dict[str, tuple[str, ...]] = {"store": ("slack_",), "handlers": (), "bot": ()}


def imported_modules(source: str) -> set[str]:
    """Every absolute module name a Python source imports, wherever the import stands."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def violations(layer: str, path: str, source: str) -> list[str]:
    """'path imports module' for each import the layer forbids."""
    out = []
    for module in sorted(imported_modules(source)):
        top = module.split(".")[0]
        banned = any(module == name or module.startswith(name + ".") for name in FORBIDDEN[layer])
        if banned or top.startswith(FORBIDDEN_PREFIXES[layer]):
            out.append(f"{path} imports {module}")
    return out


def test_every_module_keeps_to_its_layer() -> None:
    found = []
    for layer in FORBIDDEN:
        for path in sorted((REPO / layer).rglob("*.py")):
            source = path.read_text("utf-8")
            found += violations(layer, str(path.relative_to(REPO)), source)
    assert found == []


@pytest.mark.parametrize(
    ("layer", "source", "expected"),
    [
        ("store", "from slack_sdk import WebClient", ["m.py imports slack_sdk"]),
        ("store", "def f():\n    import apscheduler.job", ["m.py imports apscheduler.job"]),
        ("store", "if TYPE_CHECKING:\n    from handlers import wps", ["m.py imports handlers"]),
        ("store", "import slack_something_new", ["m.py imports slack_something_new"]),
        ("handlers", "from bot.settings import Settings", ["m.py imports bot.settings"]),
        ("handlers", "from slack_bolt import App\nfrom store import Services", []),
        ("store", "from store.db import Store\nimport botocore", []),  # a prefix is not a package
        ("bot", "from handlers import render\nfrom store import Services", []),
    ],
)  # fmt: skip
def test_the_check_sees_each_kind_of_import(layer: str, source: str, expected: list[str]) -> None:
    assert violations(layer, "m.py", source) == expected


# Run in a fresh interpreter: which modules did the command load?
PROBE = """
import json, sys
from bot.cli import main
code = main(sys.argv[1:], env={})
watched = {"slack_bolt", "slack_sdk", "apscheduler", "matplotlib"}
loaded = sorted({m.split(".")[0] for m in sys.modules} & watched)
print(json.dumps({"code": code, "loaded": loaded}), file=sys.stderr)
"""


def _run(*args: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    last = done.stderr.strip().splitlines()[-1]
    result: dict[str, object] = json.loads(last)
    return result


def test_ingest_and_ask_load_neither_slack_nor_the_scheduler(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    assert _run("--db", db, "ingest", str(MALI)) == {"code": 0, "loaded": []}
    assert _run("--db", db, "ask", "women on the CSA?") == {"code": 0, "loaded": []}
    assert _run("--db", db, "ask", "--json", "when does the IEG reconvene?") == {
        "code": 0,
        "loaded": [],
    }


def test_the_probe_sees_a_command_that_does_load_slack(tmp_path: Path) -> None:
    # `serve` builds the Bolt app: it fails without tokens, after importing slack_bolt.
    result = _run("--db", str(tmp_path / "s.db"), "serve")
    assert result["code"] != 0
    assert "slack_bolt" in result["loaded"]  # type: ignore[operator]
