"""manifest.yml and the Dockerfile agree with what the code listens to and runs."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_manifest_declares_what_the_app_handles() -> None:
    text = (REPO / "manifest.yml").read_text()
    events = re.findall(r"^\s+- (\w[\w.]*)\s+#", text.split("bot_events:")[1], re.M)
    assert events == ["app_home_opened", "app_mention", "message.im"]
    assert "command: /wps" in text
    assert re.search(r"interactivity:\n\s+is_enabled: true", text)
    assert "home_tab_enabled: true" in text
    assert "socket_mode_enabled: true" in text
    # The bot user's name is the one the manifest's words use (@wpsbot), and the app's.
    assert "display_name: wpsbot" in text and re.search(r"^  name: wpsbot\b", text, re.M)
    assert "@WPS bot" not in text and "mention @wpsbot" in text
    # Every request URL is the one path the HTTP server serves.
    urls = re.findall(r"(?:url|request_url): (\S+)", text)
    assert set(urls) == {"https://wpsbot.example.org/slack/events"}


# What each bot scope is for: a Web API method the code calls, or an event it listens to.
SCOPE_USES = {
    "app_mentions:read": '@app.event("app_mention"',
    "channels:history": "client.conversations_history(",
    "groups:history": "client.conversations_history(",  # the same call, a private channel
    "chat:write": "client.chat_postMessage(",
    "chat:write.public": "client.chat_postMessage(",  # to a channel it was not invited to
    "commands": '@app.command("/wps")',
    "files:read": "client.files_info(",
    "files:write": "client.files_upload_v2(",
    "im:history": '@app.event("message"',  # message.im
}
SCOPE_FREE = {"auth_test", "views_publish"}  # methods that need no scope


def code_text() -> str:
    return "\n".join(
        path.read_text()
        for package in ("bot", "handlers")
        for path in (REPO / package).rglob("*.py")
    )


def test_the_manifest_asks_for_exactly_the_scopes_the_code_uses() -> None:
    text = (REPO / "manifest.yml").read_text()
    bot_scopes = re.split(r"^    bot:$", text, flags=re.M)[1].split("settings:")[0]
    scopes = re.findall(r"^\s+- ([a-z_]+:[a-z_.]+|commands)\s", bot_scopes, re.M)
    assert sorted(scopes) == sorted(SCOPE_USES)  # im:read and im:write matched no call
    code = code_text()
    for scope, use in SCOPE_USES.items():
        assert use in code, f"{scope}: nothing in the code uses it ({use})"
    # ...and every Web API method the code calls is covered by a scope, or needs none.
    called = set(re.findall(r"client\.([A-Za-z_0-9]+)\(", code))
    covered = {use.removeprefix("client.").removesuffix("(") for use in SCOPE_USES.values()}
    assert called - covered - SCOPE_FREE == set()


def test_the_image_is_pinned_and_installs_from_the_constraints_file() -> None:
    text = (REPO / "Dockerfile").read_text()
    (base,) = re.findall(r"^FROM (\S+)", text, re.M)
    # One Python release and one Debian release, not a tag that moves (3.11-slim, latest).
    assert re.fullmatch(r"python:3\.11\.\d+-slim-bookworm(@sha256:[0-9a-f]{64})?", base)
    assert "COPY pyproject.toml README.md constraints.txt ./" in text
    assert "pip install -c constraints.txt ." in text
    assert "-c constraints.txt" in (REPO / "Makefile").read_text()


def test_the_constraints_pin_every_runtime_dependency_within_its_range() -> None:
    import tomllib

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    pins = {}
    for line in (REPO / "constraints.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"not an exact pin: {line}"
            pins[canonicalize_name(name)] = version.strip()
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    for requirement in map(Requirement, project["dependencies"]):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not pinned in constraints.txt"
        assert requirement.specifier.contains(pins[name]), (requirement, pins[name])


def test_dockerfile_runs_serve_as_non_root_with_a_volume_and_healthcheck() -> None:
    text = (REPO / "Dockerfile").read_text()
    assert text.startswith("# wpsbot")
    assert "USER wpsbot" in text
    assert 'VOLUME ["/data"]' in text and "WPSBOT_DB=/data/wpsbot.db" in text
    assert "HOST=0.0.0.0" in text  # serve listens on 127.0.0.1 elsewhere
    assert "HEALTHCHECK" in text and "/healthz" in text
    assert 'ENTRYPOINT ["wpsbot"]' in text and 'CMD ["serve"]' in text
    assert ".env" in (REPO / ".dockerignore").read_text().split()
