"""The Slack adapter: translation between Slack and the core, and Slack's own features."""
