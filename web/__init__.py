"""Web infrastructure shared by every app: caching, security headers, rate limits,
request logging. Imports no domain app (see the layers contract in pyproject.toml)."""
