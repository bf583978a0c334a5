"""Wiring and running wpsbot: settings, the CLI, the Slack app factory, the scheduler."""
