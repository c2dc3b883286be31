from tests.support.cli import db  # noqa: F401  (the fixture every CLI test file uses)
