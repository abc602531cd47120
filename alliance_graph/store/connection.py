"""Connection settings for Neo4j, kept free of the driver so that importing them is cheap.

Settings follow Neo4j's conventions: ``NEO4J_URI``, ``NEO4J_USERNAME`` (default
``neo4j``), ``NEO4J_PASSWORD`` and ``NEO4J_DATABASE``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    """Where Neo4j is and who we are there."""

    uri: str
    username: str = "neo4j"
    password: str | None = None
    database: str | None = None
    retry_seconds: float = 30.0  # how long the driver retries a transaction on transient errors

    @classmethod
    def from_env(cls, env=None, **overrides) -> Settings | None:
        """Settings from ``NEO4J_*`` variables, overridden by non-None keyword values; None if no URI."""
        env = os.environ if env is None else env
        values = {
            "uri": env.get("NEO4J_URI") or None,
            "username": env.get("NEO4J_USERNAME") or env.get("NEO4J_USER") or "neo4j",
            "password": env.get("NEO4J_PASSWORD"),
            "database": env.get("NEO4J_DATABASE") or None,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        if not values["uri"]:
            return None
        return cls(**values)

    @property
    def safe_uri(self) -> str:
        """The URI without any user or password part, for messages."""
        return redact_uri(self.uri)

    def __repr__(self) -> str:  # never show the password
        return f"Settings(uri={self.safe_uri!r}, username={self.username!r}, database={self.database!r})"


def redact_uri(uri: str) -> str:
    """Drop the ``user:password@`` part of a URI.

    >>> redact_uri("neo4j+s://me:secret@db.example:7687")
    'neo4j+s://db.example:7687'
    """
    return re.sub(r"^([a-z0-9+]+://)[^@/]*@", r"\1", uri)


