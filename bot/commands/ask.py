"""`wpsbot ask "QUESTION"` and `wpsbot ask --batch FILE`: answer from the loaded updates."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from pathlib import Path

from bot.commands.common import fail, open_services, utcnow
from handlers.answer_text import answer_json, explain_text, render_text
from handlers.slack_text import question_words


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `wpsbot ask`."""
    parser.add_argument("question", nargs="?", help="the question, in quotes")
    parser.add_argument("--batch", metavar="FILE", help="one question per line ('-' for stdin)")
    parser.add_argument("--json", action="store_true", help="one JSON object per question")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="show each sentence considered, the rules that fired and why the winner won",
    )


def run(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Answer one question or a file of them."""
    if args.batch and args.question:
        return fail("give either a question or --batch FILE, not both")
    if args.batch:
        try:
            data = sys.stdin.buffer.read() if args.batch == "-" else Path(args.batch).read_bytes()
        except OSError as exc:
            return fail(f"{args.batch}: cannot be read ({exc.strerror})")
        if b"\x00" in data:
            return fail(f"{args.batch}: looks like a binary file, not one question per line")
        text = data.decode("utf-8", errors="replace")
        questions = [line for line in text.splitlines() if line.strip()]
    elif args.question and args.question.strip():
        questions = [args.question]
    else:
        return fail('ask needs a question: wpsbot ask "women on the CSA?" (or --batch FILE)')
    answers = open_services(args, env, must_exist=True).answers
    now = utcnow()
    for question in questions:
        # a question pasted from Slack keeps its markup (links, *bold*, mentions)
        answer = answers.ask(question_words(question), now, explain=args.explain)
        if args.json:
            print(json.dumps(answer_json(answer), ensure_ascii=False))
        else:
            print(render_text(answer))
            if args.explain:
                print(explain_text(answer))
            if len(questions) > 1:
                print()
    return 0
