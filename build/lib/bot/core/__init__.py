"""The platform-neutral core: messages, lessons, templates and the Coach."""
