"""Stable identity for feed entries, so an article is stored once however often it is seen.

Keys are prefixed by kind:

* ``url:<canonical URL>`` — the entry's guid when that is a permalink, else its link. The
  same article in two feeds (one with ``utm_*`` parameters, one without) gets one key.
* ``guid:<guid>`` — an opaque guid (``tag:``/``urn:`` URIs, UUIDs, …). Short or numeric guids
  are only unique inside one site, so they are scoped by the link's host.
* ``hash:<sha256>`` — neither is usable: a hash of the normalized title and UTC day.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from urllib.parse import urlsplit

from feeds.normalize import canonical_url, one_line

# Placeholders some generators emit for every item.
_JUNK_GUIDS = frozenset(
    {"", "null", "none", "nil", "undefined", "guid", "id", "0", "-1", "true", "false"}
)
# Shorter than this or all digits: a per-site counter, not a global identifier.
_MIN_GLOBAL_GUID = 12
_DIGITS = re.compile(r"^[0-9]+$")


def usable_guid(guid: str | None) -> str | None:
    """``guid`` stripped, or None when it is a placeholder that can't identify anything."""
    if guid is None:
        return None
    guid = guid.strip()
    return None if guid.lower() in _JUNK_GUIDS else guid


def _is_web_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def dedupe_key(
    guid: str | None, url: str | None, title: str | None, published: datetime | None
) -> str:
    """The identity of one entry: ``url:…``, ``guid:…`` or ``hash:…`` (see the module doc).

    ``guid`` is the feed's raw id, ``url`` the entry link (relative links should already
    be resolved), ``published`` a UTC datetime. Pure and deterministic.
    """
    good_guid = usable_guid(guid)
    if good_guid and _is_web_url(good_guid):
        return "url:" + canonical_url(good_guid)
    link = url.strip() if url and _is_web_url(url.strip()) else None
    if good_guid:
        if len(good_guid) < _MIN_GLOBAL_GUID or _DIGITS.match(good_guid):
            host = (urlsplit(link).hostname or "") if link else ""
            return f"guid:{host}/{good_guid}" if host else f"guid:{good_guid}"
        return "guid:" + good_guid
    if link:
        return "url:" + canonical_url(link)
    return "hash:" + title_date_hash(title, published)


def title_date_hash(title: str | None, published: datetime | None) -> str:
    """sha256 hex of the case-folded, whitespace-collapsed title and the UTC day."""
    norm_title = one_line(title or "").casefold()
    day = published.date().isoformat() if published else ""
    return hashlib.sha256(f"{norm_title}\n{day}".encode()).hexdigest()
