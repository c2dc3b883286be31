"""The shared vocabulary every layer speaks; it imports nothing of Orbit's."""
