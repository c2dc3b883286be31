"""Adapters: the only code that knows a platform. They translate and nothing more."""
