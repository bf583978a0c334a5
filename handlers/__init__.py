"""The Slack edge: one module per surface, each with register(app, deps)."""
