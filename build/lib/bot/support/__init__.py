"""Small utilities every layer may use, importing nothing of Orbit's: what logs and stored
ids may say about a student (`redact.py`), and files only the operator can read
(`private_files.py`)."""
