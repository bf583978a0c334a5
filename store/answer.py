"""Answer a team member's question from the stored facts, events and passages."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlite_utils import Database


@dataclass(frozen=True)
class Source:
    """Where an answer comes from."""

    document: str
    section: str
    quote: str
    as_of: str | None = None


@dataclass
class Answer:
    """What the user reads, plus the structured facts and sources behind it."""

    question: str
    found: bool
    answer: str
    kind: str = "none"  # fact | event | list | passage | none
    facts: list[dict[str, Any]] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The object `wpsbot ask --json` prints."""
        return {
            "question": self.question,
            "found": self.found,
            "answer": self.answer,
            "kind": self.kind,
            "facts": self.facts,
            "sources": [asdict(source) for source in self.sources],
        }


def answer_question(db: Database, question: str, now: datetime | None = None) -> Answer:
    """The best answer the loaded updates hold, or an honest 'not found'."""
    text = question.strip()
    if not text:
        return Answer(question, False, "Ask a question, e.g. “women on the CSA?”")
    rows = list(
        db.query(
            "select p.sentence, p.section, d.title from passages_fts f"
            " join passages p on p.rowid = f.rowid join documents d on d.id = p.document_id"
            " where passages_fts match ? and d.is_current = 1 order by rank limit 1",
            [_fts_or_query(text)],
        )
    )
    if not rows:
        return Answer(question, False, "The loaded updates don't say.")
    row = rows[0]
    return Answer(
        question,
        True,
        f"From {row['title']}: “{row['sentence']}”",
        kind="passage",
        sources=[Source(row["title"], row["section"], row["sentence"])],
    )


def _fts_or_query(text: str) -> str:
    words = [w for w in "".join(c if c.isalnum() else " " for c in text).split() if len(w) > 2]
    return " OR ".join(f'"{w}"' for w in words) or '""'
