"""The Telegram adapter: translation between Telegram and the core, and Telegram's own features."""
