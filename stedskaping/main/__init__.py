"""Public pages that belong to no single domain."""
