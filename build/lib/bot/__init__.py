"""Orbit: a chat bot that coaches students on networking skills."""

__version__ = "0.1.0"
