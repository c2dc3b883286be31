"""What tests share: builders, fixtures' parts and checks, imported from here (never from
a conftest module)."""
