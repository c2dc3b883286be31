"""Offline, explainable checks that coach a student's outreach email and the ask inside it."""
