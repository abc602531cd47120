"""Connection settings for Neo4j, kept free of the driver so that importing them is cheap.

Settings follow Neo4j's conventions: ``NEO4J_URI``, ``NEO4J_USERNAME`` (default
``neo4j``), ``NEO4J_PASSWORD`` and ``NEO4J_DATABASE``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

if TYPE_CHECKING:
    from typing_extensions import Unpack


class SettingsOverrides(TypedDict, total=False):
    """The keywords that override ``NEO4J_*`` variables (:meth:`Settings.from_env`; None: not overridden)."""

    uri: str | None
    username: str | None
    password: str | None
    database: str | None
    retry_seconds: float | None


@dataclass(frozen=True)
class Settings:
    """Where Neo4j is and who we are there."""

    uri: str
    username: str = "neo4j"
    password: str | None = None
    database: str | None = None
    retry_seconds: float = 30.0  # how long the driver retries a transaction on transient errors

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Unpack[SettingsOverrides]) -> Settings | None:
        """Settings from ``NEO4J_*`` variables, overridden by non-None keyword values; None if no URI."""
        unknown = sorted(set(overrides) - set(SettingsOverrides.__annotations__))
        if unknown:  # (a typo would otherwise surface as an argument of the Settings class)
            raise TypeError(f"unknown Neo4j setting {unknown[0]!r}; the settings are: "
                            + ", ".join(SettingsOverrides.__annotations__))
        env = os.environ if env is None else env
        values: dict[str, object] = {
            "uri": env.get("NEO4J_URI") or None,
            "username": env.get("NEO4J_USERNAME") or env.get("NEO4J_USER") or "neo4j",
            "password": env.get("NEO4J_PASSWORD"),
            "database": env.get("NEO4J_DATABASE") or None,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        if not values["uri"]:
            return None
        return cls(**values)  # type: ignore[arg-type]  # (the values' types are checked where read)

    @property
    def safe_uri(self) -> str:
        """The URI without any user or password part, for messages."""
        return redact_uri(self.uri)

    def __repr__(self) -> str:  # never show the password
        return f"Settings(uri={self.safe_uri!r}, username={self.username!r}, database={self.database!r})"


#: The URI schemes of the Bolt protocol, the only ones alliance-graph connects with (case does not matter).
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")

_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
# A URI in a message: its scheme, then anything up to the last @ of the same word is user information.
_USERINFO_IN_TEXT_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*://)[^\s'\"]*@")


def redact_uri(uri: str) -> str:
    """Drop the ``user:password@`` part of a URI, whatever the case of its scheme and whatever the
    password holds (``@``, ``/``, ``:``): everything up to the last ``@`` goes.

    >>> redact_uri("neo4j+s://me:secret@db.example:7687")
    'neo4j+s://db.example:7687'
    >>> redact_uri("Bolt://me:p@ss/w:rd@db.example:7687")
    'Bolt://db.example:7687'
    >>> redact_uri("me:secret@db.example")  # no scheme at all
    'db.example'
    """
    match = _SCHEME_RE.match(uri)
    scheme, rest = (match.group(0), uri[match.end():]) if match else ("", uri)
    return scheme + rest.rpartition("@")[2]


def uri_problem(uri: str) -> str | None:
    """Why ``uri`` cannot be a Neo4j URI (a phrase for a message), or None if its scheme is a Bolt one.

    >>> uri_problem("BOLT://127.0.0.1:7687") is None
    True
    >>> uri_problem("http://127.0.0.1:7474")
    "its scheme 'http' is not one of bolt, bolt+s, bolt+ssc, neo4j, neo4j+s, neo4j+ssc (port 7687, not the Browser's HTTP port)"
    """
    match = _SCHEME_RE.match(uri)
    if match is None:
        return f"it has no scheme; use one of {', '.join(SCHEMES)}, e.g. bolt://127.0.0.1:7687"
    if match.group(1).lower() not in SCHEMES:
        return (f"its scheme {match.group(1)[:20]!r} is not one of {', '.join(SCHEMES)} "
                "(port 7687, not the Browser's HTTP port)")
    if "@" in uri[match.end():]:
        return ("a user and password inside the URI are not supported (and would be shown in messages); give them as "
                "NEO4J_USERNAME and NEO4J_PASSWORD, or --username and --ask-password")
    return None


def strip_secrets(text: str, settings: Settings) -> str:
    """``text`` (a driver's message) without the password, the URI's user information, or any
    URI's user information it quotes.

    >>> s = Settings("Bolt://me:p@ss/wd@host:7687", password="s3cret")
    >>> strip_secrets("Given URI: 'Bolt://me:p@ss/wd@host:7687', auth s3cret, me:p@ss/wd, bolt://x:y@h", s)
    "Given URI: 'Bolt://host:7687', auth ***, me:***, bolt://h"
    """
    text = text.replace(settings.uri, settings.safe_uri)
    match = _SCHEME_RE.match(settings.uri)
    userinfo = settings.uri[match.end() if match else 0:].rpartition("@")[0]
    for secret in (settings.password, userinfo.partition(":")[2]):  # the passwords (not the user name)
        if secret:
            text = text.replace(secret, "***")
    return _USERINFO_IN_TEXT_RE.sub(r"\1", text)
