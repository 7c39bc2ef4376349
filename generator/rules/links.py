"""Links in text, found as tokens and parsed, never pattern-matched against a list of domains.

``find_links`` looks at a text's ``Normalized.plain`` view (NFKC: full-width forms are
ASCII). For detection only, look-alike letters are folded to ASCII (Cyrillic ``с`` ->
``c``, using the Unicode confusables data of ``confusable-homoglyphs``) and an
ideographic full stop between letters reads as a dot (``mepos。cn``). A token is a link if
it has a scheme (``https://...``), starts with ``www.``, is an IPv4 address (``192.168.1.8``,
with or without a port or a path), or is a host name whose last label is a public suffix (``tldextract`` with its
bundled Public Suffix List snapshot: no network, no cache on disk). Internationalised
names are found by their suffix (``例子.中国``).

Each token is parsed with ``urllib.parse`` the way a browser reads it (backslashes as
slashes, userinfo before ``@`` dropped, percent-escapes in the host decoded), the host is
encoded with IDNA (UTS #46), and it is allowed only if it is an allowlisted domain or a
subdomain of one, with no userinfo and no look-alike letters.
"""

from __future__ import annotations

import importlib.util
import ipaddress
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .folding import ODD_LETTER, confusable_table
from .normalize import describe_char

_URL_TAIL = r"[a-z0-9\-._~:/?#\[\]@!$&'()*+,;=%\\]*"
_USERINFO = r"(?:[a-z0-9\-._~!$&'*+,;=%:]+@)?"
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_TOKEN = re.compile(
    r"(?P<scheme>(?<![a-z0-9+.-])[a-z][a-z0-9+.-]{0,15}:(?://|\\\\))" + _URL_TAIL
    + r"|(?<![a-z0-9@._%+-])" + _USERINFO + r"(?P<host>(?:" + _LABEL + r"\.)+" + _LABEL + r")\.?"
    + r"(?![a-z0-9-])(?P<tail>(?::\d{1,5})?(?:[/?#\\]" + _URL_TAIL + ")?)"
)
"""Scheme URLs, and host names (with optional userinfo, port and path), in the folded view."""
_IDN = re.compile(r"(?<![\w.-])[\w-]{1,63}(?:\.[\w-]{1,63})+")
_TRAILING = ".,;:!?'\")]}"


@dataclass(frozen=True)
class WebLink:
    """A link token in a text (offsets into ``Normalized.plain``) and the verdict on it."""

    start: int
    end: int
    host: str
    """The host as a browser would read it (IDNA, lowercase), or '' if none could be read."""
    allowed: bool
    problem: str = ""
    """Why the link is refused when it is more than an unlisted host ('' otherwise)."""
    written: str = ""
    """The host as written (before IDNA), for messages."""

    @property
    def reason(self) -> str:
        """Why the link is refused ('' if allowed). The registrable domain is looked up only here."""
        if self.allowed or self.problem:
            return self.problem
        domain, _suffix = public_suffix(self.host)
        shown = f"'{self.host}'" if self.written in ("", self.host) else f"'{self.written}' ('{self.host}')"
        where = f" (registrable domain '{domain}')" if domain and domain != self.host else ""
        return f"host {shown}{where} is not on the allowlist"


@lru_cache(maxsize=1)
def public_suffix_list():
    import tldextract  # the bundled Public Suffix List snapshot only: never fetched

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


@lru_cache(maxsize=1)
def top_level_domains() -> frozenset[str]:
    """Every top-level label of the bundled Public Suffix List (internationalised ones in Unicode).

    Read straight from tldextract's snapshot file: deciding whether a token ends like a host
    name needs only this, and it costs a few milliseconds instead of building the full list."""
    spec = importlib.util.find_spec("tldextract")
    folder = Path(next(iter(spec.submodule_search_locations)))
    labels: set[str] = set()
    for line in (folder / ".tld_set_snapshot").read_text("utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("//"):
            continue
        labels.add(line.rsplit(".", 1)[-1].lstrip("!*").lower())
    return frozenset(labels)


def is_top_level_domain(label: str) -> bool:
    """True if ``label`` (Unicode or IDNA 'xn--' form) is a top-level label of the Public Suffix List."""
    if label.startswith("xn--"):
        try:
            label = label.encode("ascii").decode("idna")
        except UnicodeError:
            return False
    return label in top_level_domains()


def public_suffix(host: str) -> tuple[str, str]:
    """(registrable domain, public suffix) of a host name; ('', '') if its ending is no public suffix."""
    parts = public_suffix_list()(host)
    if not parts.suffix:
        return "", ""
    return (f"{parts.domain}.{parts.suffix}" if parts.domain else ""), parts.suffix


_ASCII_LOWER = {code: chr(code + 32) for code in range(ord("A"), ord("Z") + 1)}
_IDEOGRAPHIC_STOP = re.compile(r"(?<=[a-z0-9])\u3002(?=[a-z0-9])")


def folded(plain: str) -> str:
    """The detection view of ``plain``: ASCII lowercase, look-alike letters folded, 。 between letters as '.'.

    Same length as ``plain``, so offsets are shared."""
    text = plain.translate(_ASCII_LOWER)
    if ODD_LETTER.search(text):
        text = text.translate(confusable_table())
    if "\u3002" in text:
        text = _IDEOGRAPHIC_STOP.sub(".", text)
    return text


_MAY_LINK = re.compile(r"[^\W_][.@][^\W_]|[A-Za-z0-9]\u3002[A-Za-z0-9]|://|:\\\\")


def may_have_links(plain: str) -> bool:
    """False only if ``plain`` cannot hold a link token: no dot or '@' between two letters or digits, no
    ideographic stop between two ASCII ones, no '://'."""
    return ("." in plain or "@" in plain or ":" in plain or "\u3002" in plain) and _MAY_LINK.search(plain) is not None


def _allowlisted(host: str, allowlist: tuple[str, ...]) -> bool:
    return any(host == domain or host.endswith("." + domain) for domain in allowlist)


def _idna_host(raw: str) -> tuple[str, str]:
    """(ASCII host, problem) of a host as written; the problem is '' if it encodes."""
    import idna

    host = unquote(raw).rstrip(".").lower()
    try:
        return idna.encode(host, uts46=True).decode("ascii"), ""
    except (idna.IDNAError, UnicodeError):
        return host, "it is not a valid host name"


def judge(token: str, allowlist: tuple[str, ...]) -> tuple[str, bool, str, str]:
    """(host, allowed, problem, host as written) for one link token as written; the problem is '' for an
    allowed link or an unlisted host (``WebLink.reason`` words that case)."""
    text = token.replace("\\", "/")
    has_scheme = re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", text) and "://" in text[:20]
    try:
        parts = urlsplit(text if has_scheme else "http://" + text)
        raw_host = parts.hostname or ""
        _ = parts.port
    except ValueError:
        return "", False, "it cannot be parsed as a URL", ""
    if not raw_host:
        return "", False, "it has no host", ""
    try:
        ip = ipaddress.ip_address(raw_host.strip("[]"))
    except ValueError:
        ip = None
    if ip is not None:
        return str(ip), False, f"its host is the IP address {ip}", raw_host
    host, problem = _idna_host(raw_host)
    written = unquote(raw_host).rstrip(".").lower()
    if problem:
        return host, False, problem, written
    if "@" in parts.netloc and (has_scheme or parts.path or parts.port):
        return host, False, f"it hides its real host '{host}' behind '{parts.netloc.rsplit('@', 1)[0]}@'", written
    odd = [describe_char(c) for c in raw_host if not c.isascii() and ord(c) in confusable_table()]
    if odd:
        return host, False, f"its host uses look-alike letters ({', '.join(dict.fromkeys(odd))})", written
    return host, _allowlisted(host, allowlist), "", written


def _is_ipv4(host: str) -> bool:
    try:
        return isinstance(ipaddress.ip_address(host), ipaddress.IPv4Address)
    except ValueError:
        return False


def _link(plain: str, start: int, end: int, allowlist: tuple[str, ...]) -> WebLink:
    host, allowed, problem, written = judge(plain[start:end], allowlist)
    return WebLink(start, end, host, allowed, problem, written)


def find_links(plain: str, allowlist: tuple[str, ...]) -> list[WebLink]:
    """Every link token in ``plain`` (a ``Normalized.plain`` view) with its verdict, by position."""
    if not may_have_links(plain):
        return []
    view = folded(plain)
    found: list[WebLink] = []
    for m in _TOKEN.finditer(view):
        start, end = m.span()
        if not m.group("scheme"):
            host = m.group("host")
            if re.fullmatch(r"[\d.]+", host):
                if not _is_ipv4(host):
                    continue  # a number such as 0.38 or a version such as 1.2.3
            elif not is_top_level_domain(host.rsplit(".", 1)[-1]):
                end = _before_sentence_stop(plain, view, m.start("host"), m.end("host"))
                if end is None and not host.startswith("www."):
                    continue
                end = end or m.end()
        while end > start and view[end - 1] in _TRAILING and not (view[end - 1] == ")" and "(" in view[start:end]):
            end -= 1
        found.append(_link(plain, start, end, allowlist))
    for idn in _idn_links(plain, view, found, allowlist):
        # 'http://' right before an internationalised name is one link, not a hostless one and a name
        before = next((k for k in found if not k.host and k.end == idn.start), None)
        if before is not None:
            found.remove(before)
            idn = WebLink(before.start, idn.end, idn.host, idn.allowed, idn.problem, idn.written)
        found.append(idn)
    return sorted(found, key=lambda link: link.start)


def _before_sentence_stop(plain: str, view: str, start: int, end: int) -> int | None:
    """Where a host ends if an ideographic full stop read as a dot was really the end of a sentence.

    ``mepos.cn。POSS`` reads as the host ``mepos.cn.poss``, which ends in no public suffix; the
    host before the last such stop (``mepos.cn``) is still a link. None if no shorter host ends well."""
    stop = end
    while (stop := plain.rfind("\u3002", start, stop)) > start:
        head = view[start:stop]
        if "." in head and is_top_level_domain(head.rsplit(".", 1)[-1]):
            return stop
    return None


def _idn_links(plain: str, view: str, known: list[WebLink], allowlist: tuple[str, ...]) -> list[WebLink]:
    """Host names with non-ASCII labels, cut after the longest public suffix their last label starts with."""
    if view.isascii():
        return []
    out = []
    for m in _IDN.finditer(view):
        if m.group().isascii() or any(k.start < m.end() and m.start() < k.end and k.host for k in known):
            continue
        head, _dot, last = m.group().rpartition(".")
        for size in range(min(len(last), 12), 0, -1):
            if last[:size].isascii():
                break  # an ASCII ending is the token grammar's business (mepos.cn1 is no host)
            if is_top_level_domain(last[:size]):
                end = m.start() + len(head) + 1 + size
                out.append(_link(plain, m.start(), end, allowlist))
                break
    return out
