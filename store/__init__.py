"""The Slack-free core of wpsbot: storage, ingestion, extraction, answering, deadline rules."""
