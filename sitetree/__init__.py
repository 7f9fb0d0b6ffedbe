"""Site structure, page routing and language fallback: the Wagtail page tree as the
portal reads it. Imports no domain app (see the layers contract in pyproject.toml)."""
