"""Rate limits per client address, counted in Django's cache; and the client address.

With `REDIS_URL` set the cache is Redis, shared by every server process; otherwise it is
local memory and each process counts on its own (still a limit, just a looser one).
Windows are fixed: "60/m" allows 60 requests per clock minute, and the answer beyond
says how many seconds remain until the next window (`Retry-After`).

Behind reverse proxies REMOTE_ADDR is the nearest proxy, the same for every client:
`client_address` reads X-Forwarded-For instead, as far as PORTAL_TRUSTED_PROXIES says
it can be trusted. Every limit uses it, allauth's sign-in limits included
(portal.accounts.adapter).
"""

from __future__ import annotations

import ipaddress
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def parse_rate(value) -> Rate | None:
    """`"60/m"`, `"1000/h"`, `"10/30s"` -> Rate; empty or "0" -> None (no limit)."""
    if not value or str(value).strip() == "0":
        return None
    match = _RATE.match(str(value))
    if match is None:
        raise ValueError(f"rate {value!r}: expected a number of requests per s, m, h or d")
    count, multiple, unit = match.groups()
    return Rate(int(count), int(multiple or 1) * _SECONDS[unit])


def client_address(request) -> str:
    """The address the request came from.

    With PORTAL_TRUSTED_PROXIES = N (the proxies of our own in front, each adding the
    address it was reached from to X-Forwarded-For), the N-th address from the right
    of X-Forwarded-For: what the outermost of our proxies saw. Addresses to its left
    were written by the client and prove nothing. With fewer addresses than N (a
    request that reached an inner proxy directly) the leftmost; with none, or one
    that is not an IP address, REMOTE_ADDR."""
    remote = request.META.get("REMOTE_ADDR") or "unknown"
    trusted = getattr(settings, "PORTAL_TRUSTED_PROXIES", 0)
    if trusted <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if not forwarded:
        return remote
    return _ip_address(forwarded[-min(trusted, len(forwarded))]) or remote


def _ip_address(value: str) -> str | None:
    """`value` as a normalised IP address ("[::1]:443" and "1.2.3.4:80" lose the
    port), or None if it is none."""
    if value.startswith("["):
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def retry_after(scope: str, request, rate: Rate | None, now: float | None = None) -> int | None:
    """Count this request against `rate` for its client in `scope`: None while within
    the rate, else the seconds until the client may try again."""
    if rate is None:
        return None
    now = time.time() if now is None else now
    window = int(now // rate.seconds)
    key = f"ratelimit:{scope}:{client_address(request)}:{window}"
    cache.add(key, 0, rate.seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, rate.seconds + 1)
        count = 1
    if count <= rate.count:
        return None
    return max(1, int((window + 1) * rate.seconds - now))
