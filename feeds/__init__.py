"""Feed intake: fetch (``fetch``), parse (``parse``), clean (``normalize``), identify
(``dedupe``), full text for teasers (``extract``), feed discovery (``discover``) and the
SSRF guard for user-supplied URLs (``urlsafety``). Imports nothing from other wirewatch
packages; the shared data types live in ``feeds.models``.
"""
