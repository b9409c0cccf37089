"""What a phone's first page weighs on the room's Wi-Fi: the page and every file it names
(its scripts, the chunks it preloads, its style sheet), fetched as a browser does, with
gzip accepted, and once more without. A browser then also loads a few chunks and the
fonts those name; tests/e2e/test_first_load_weight.py measures all of it in Chromium
(1.07 MiB on the wire of 2.61 MiB, of which 0.52 MiB are fonts that come compressed)."""

from __future__ import annotations

import gzip
import re
import urllib.request
from dataclasses import dataclass

# The page is compressed to at most this share of its plain size, or the target is missed
# (2.6 MiB went out uncompressed before ui/compression.py).
MOST_SHARE = 0.45
_NAMED = re.compile(rb'(?:src|href)="\.?/?(static/[^"]+\.(?:js|css))"')


@dataclass(frozen=True)
class Weight:
    files: int
    on_the_wire: int  # bytes, gzip accepted
    plain: int  # bytes, as served without compression

    @property
    def share(self) -> float:
        return self.on_the_wire / self.plain


def _fetch(url: str, *, gzipped: bool) -> tuple[int, bytes]:
    """(bytes on the wire, the decoded body)."""
    headers = {"Accept-Encoding": "gzip"} if gzipped else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as r:
        body = r.read()
        if r.headers.get("Content-Encoding") == "gzip":
            return len(body), gzip.decompress(body)
        return len(body), body


def first_page(base_url: str) -> Weight:
    wire, page = _fetch(f"{base_url}/", gzipped=True)
    plain = len(_fetch(f"{base_url}/", gzipped=False)[1])
    named = sorted(set(_NAMED.findall(page)))
    for path in named:
        url = f"{base_url}/{path.decode()}"
        wire += _fetch(url, gzipped=True)[0]
        plain += len(_fetch(url, gzipped=False)[1])
    return Weight(files=1 + len(named), on_the_wire=wire, plain=plain)
