"""Storage: SQLModel tables, the async engine, and the narrow queries the core needs."""
