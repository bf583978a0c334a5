"""One module per `wpsbot` subcommand: add_arguments(parser) and run(args, env) -> exit code.

Modules import heavy dependencies (slack_bolt, apscheduler) inside run(), never at the top, so
that building the parser for `wpsbot ask` stays fast.
"""
