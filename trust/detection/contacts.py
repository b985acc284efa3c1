"""Email addresses and URLs / bare domains, plain or disguised.

Why the extra gates: "look at settings.py", "Node.js", "WordPress.com vs WordPress.org" and
"test@example.com" all have the surface shape of contact details. An address must end in a real public
suffix (shipped with `publicsuffixlist`, no network), must not be a placeholder or an allow-listed
reference site, and a spelled-out "at"/"dot" needs a provider or contact cue before it counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from publicsuffixlist import PublicSuffixList

from . import codeaware, lexicon, links
from .document import Doc
from .hosts import DEFAULT_ALLOW_DOMAINS, KNOWN_REFERENCE_HOSTS, PAYMENT_HOSTS, SHORTENERS, SOCIAL_HOSTS

_PSL = PublicSuffixList(accept_unknown=False)


_LOCAL = r"[a-z0-9][a-z0-9._%+\-]{0,63}"
EMAIL_RE = re.compile(r"(?<![\w.%+\-@])(" + _LOCAL + r")@([a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)*)")
PROVIDER_HANDLE_RE = re.compile(
    r"\b(?:on|via|at|in|em|en|sur|auf|no|na|par)\s+(gmail|hotmail|outlook|yahoo|protonmail|icloud|gmx)\b"
    r"[^.!?\n]{0,30}?\b(?:user\s*name|username|user|id|handle|address|name|usuario|usu[aá]rio|nome|nombre|"
    r"pseudo|benutzername)\s*(?:is|:|=|es|é|est|ist|hai)?\s*@?([a-z0-9][a-z0-9._\-]{2,40}[a-z0-9])"
    r"|\b(?:my\s+)?(gmail|hotmail|outlook|yahoo|protonmail|icloud|gmx)\s*(?:id|address|username|user)?\s*(?:is\b|:|=|hai\b|es\b|é\b)"
    r"\s*([a-z0-9][a-z0-9._\-]{2,40}[a-z0-9])"
    r"|(?<![\w.@])((?=[a-z0-9._\-]*[._\d])[a-z0-9][a-z0-9._\-]{2,40}[a-z0-9])\s+(?:on|in|no|na|en|sur|auf|bei|pe)\s+"
    r"(gmail|hotmail|outlook|yahoo|protonmail|icloud|gmx)\b"
)
_PROVIDER_WORDS = frozenset({"gmail", "hotmail", "outlook", "yahoo", "protonmail", "icloud", "gmx"})
_PROVIDER_MENTION_RE = re.compile(r"\b(?:gmail|hotmail|outlook|yahoo|protonmail|icloud|gmx)\b")
_HERE_NAME_RE = re.compile(
    r"\b(?:my|mi|meu|mon|mein(?:en)?)\s+(?:user\s*name|username|name|handle|nick(?:name)?|login|usuario|usu[aá]rio|nome|"
    r"nombre|pseudo|nom|benutzername|nutzername)\s+(?:here|on\s+(?:this|the)\s+(?:site|platform|app)|aqu[ií]|de\s+aqu[ií]|"
    r"daqui|aqui|ici|d'?ici|hier)\b"
    r"|\b(?:the\s+)?(?:user\s*name|username|name|handle|nick)\s+(?:on|in)\s+my\s+profile\b|\bmy\s+profile\s+name\b"
)
"""The user name on this site, pointed at for an address: "my email is my username here at gmail"."""
_STATE_WORDS = frozenset(
    "full down broken separate blocked hacked new old fine okay open closed busy different personal private work "
    "empty slow dead gone off active inactive suspended banned verified working connected synced linked "
    "cheio lleno plein voll pieno bloqueado bloqueada".split()
)
"""What a mailbox is said to be ("my gmail is full"), never its user name."""
_PROVIDER_AFTER_RE = re.compile(
    r"[^.!?\n,;]{0,24}?(?:\bat|@|\bplus|\+|\bon|\bin|\ben|\bem|\bno|\bna|\bsur|\bauf|\bbei|\barroba|\bchiocciola|"
    r"\bma[łl]pa|\bklammeraffe)\s*"
    r"(gmail|hotmail|outlook|yahoo|protonmail|icloud|gmx)\b"
)
EMAIL_CONTEXT_RE = re.compile(
    r"\b(?:e-?mail|mail|correo|courriel|inbox|write|escreva|escribe|écris|schreib|contact|contato|contacto|"
    r"send|envía|envia|envoie|reach|karo|me)\b"
)
URL_RE = re.compile(
    r"(?<![\w@.\-/$#])(?:(?P<scheme>https?://|ftp://)|(?P<www>www\.))?"
    r"(?P<host>[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9][a-z0-9\-]*)+)"
    r"(?P<port>:\d{1,5})?(?P<path>[/?#][^\s<>\"'`]*)?"
)
URL_OFFER_RE = re.compile(
    r"\b(?:my|mi|mis|mon|ma|meu|minha|mein|meine|mera|meri|our|site|website|web|portfolio|portafolio|portfólio|"
    r"visit|check|see|samples|work|apply|book|link|página|pagina|seite|webseite|dekho|veja|mira|voir|find|here)\b|→|:\s*$"
)
"""Cues that a bare domain is offered as the sender's own place, not named as a topic."""
URL_CONTEXT_RE = re.compile(
    r"\b(?:site|website|web|sitio|página|pagina|seite|webseite|portfolio|portafolio|portfólio|blog|link|url|"
    r"visit|check|apply|samples|work|mon|meu|mi|my|at|on|em|en|sur|unter|auf|see|veja|mira|voir|shop|store|"
    r"page|domain|online|here|aqui|aquí|ici|hier|dekho|→)\b|→|:\s*$"
)


_DOT_LETTER_RE = re.compile(r"\.[a-z]")


_BARE_PROVIDERS = frozenset(
    "gmail googlemail hotmail outlook yahoo icloud protonmail gmx rediffmail yandex zoho tutanota aol".split()
)
"""Providers distinctive enough to stand for a whole domain ("sara at gmail"); "libero", "orange" are words."""
_PROSE_LABELS = frozenset(
    "the this that these those our your their his her its any every some first last new old big one two "
    "and but for with from into like just very les des une est sur avec pour dans por para con los las una "
    "uma com sem pelo pela der die das und mit fur für ein eine".split()
)
_PROSE_LOCALS = frozenset(
    "me us it him her them you work look site samples portfolio stuff things available based here everything all "
    "more find book slot apply reach visit check shop store live blog page profile link links details meet "
    "call text online hosted listed posted lives living is are was were be sits stays up there now also mine ours "
    "goes see seen read click download watch demo demos resume cv website web sites works projects project "
    "gallery published deployed running runs".split()
)
"""Words that precede a plain "at" in prose ("my work at behance dot net"): never the user part of an address."""


_UPI_PROSE_LOCALS = _PROSE_LOCALS | frozenset(
    "years year months month weeks days hours time job jobs intern internship worked working designer developer "
    "engineer manager analyst consultant freelancer experience career".split()
)
"""Words before a spelled "at" that talk about a bank or a place ("3 years at HSBC"), not a UPI user name."""


@lru_cache(maxsize=4096)
def _registrable(host: str) -> str | None:
    """Registrable domain (public suffix + one label) of a plausible host name, else None."""
    if len(host) > 253 or not host.rsplit(".", 1)[-1].isalpha():
        return None
    return _PSL.privatesuffix(host)


_SERVICE_SUBDOMAINS = frozenset(
    "www docs developer developers support help en de fr es pt m app api blog learn community drive sheets forms "
    "meet maps status news store shop dashboard console cloud".split()
)
"""Subdomains a service runs itself; any other subdomain of a hosting service (x.wordpress.com) is a user's site."""
_NON_PROFILE_SEGMENTS = frozenset(
    "p reel reels explore stories tv watch shorts playlist results hashtag search i intent share sharer home "
    "groups events marketplace help business ads pages login signup settings about legal privacy terms policies "
    "shots tags topics r topic trending discover music sound video embed docs blog jobs status posts".split()
)


def _profile_path(host: str, segments: list[str], mine: bool) -> bool:
    """Does a link on a social host lead to a person (profile, handle, chat) rather than to content?"""
    first = segments[0].lower()
    if host in ("youtube.com", "www.youtube.com", "m.youtube.com"):
        return first.startswith("@") or first in ("c", "channel", "user")
    if host == "youtu.be" or first in _NON_PROFILE_SEGMENTS:
        return False
    if host.endswith("linkedin.com"):
        return first in ("in", "pub")
    if host in ("github.com", "gitlab.com"):
        return len(segments) == 1 or mine
    if host in ("reddit.com", "www.reddit.com"):
        return first in ("u", "user")
    if host == "vimeo.com" and first.isdigit():
        return False
    if host.endswith("medium.com"):
        return first.startswith("@")
    return True


def _allow_entries(entries: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """Split allow-list entries into bare domains (suffix-matched) and host/path prefixes."""
    domains, prefixes = set(), []
    for entry in entries:
        entry = entry.lower().strip().removeprefix("https://").removeprefix("http://").removeprefix("www.")
        if entry:
            (prefixes.append(entry) if "/" in entry else domains.add(entry.rstrip(".")))
    return frozenset(domains), tuple(prefixes)


_DEFAULT_ALLOW = _allow_entries(DEFAULT_ALLOW_DOMAINS)


def _allowed(host: str, path: str, allow: tuple[str, ...]) -> bool:
    """Host (or host+path prefix) equal to or under an allow-listed entry, default list included."""
    host = host.removeprefix("www.")
    labels = host.split(".")[-8:]
    suffixes = {".".join(labels[i:]) for i in range(len(labels) - 1)}
    target = host + path
    for domains, prefixes in (_DEFAULT_ALLOW, _allow_entries(allow) if allow else (frozenset(), ())):
        if suffixes & domains or any(target.startswith(p) for p in prefixes):
            return True
    return False


def _spelled_at(doc: Doc, dec_at: int) -> bool:
    """True when the '@' in the decoded view came from a word ("at", "arroba", "(at)")."""
    a, b = doc.mail.origin(dec_at, dec_at + 1)
    return not any(ch in "@＠﹫" for ch in doc.text[a:b])


def detect_emails(doc: Doc) -> None:
    dec = doc.mail.text
    if "@" not in dec:
        _provider_handles(doc)
        return
    for m in EMAIL_RE.finditer(dec):
        if doc.full:
            break
        local, domain = m.group(1), m.group(2).rstrip("-.")
        if (
            local.endswith(".")
            or dec[m.end() : m.end() + 1] == ":"
            or dec[max(0, m.start() - 3) : m.start()] == "://"  # credentials in a URL, not a mailbox
        ):
            continue
        if "." not in domain:
            if domain not in lexicon.UPI_HANDLES and domain not in _BARE_PROVIDERS:
                continue  # neither a UPI ID nor a bare provider: the checks below would drop it too
        elif _registrable(domain) is None:
            continue  # no public suffix: dropped below anyway, decided before any offset work
        end = m.start(2) + len(domain)
        span = doc.span(doc.mail, m.start(), end)
        at_pos = m.start(2) - 1
        line = doc.code_line(span[0])
        if line is not None and not codeaware.email_counts(line, local, domain, dec[end : end + 2]):
            continue
        if "." not in domain:
            if domain in lexicon.UPI_HANDLES:
                if "@" not in doc.text[span[0] : span[1]] and local in _UPI_PROSE_LOCALS:
                    continue  # "3 years at HSBC": a spelled "at" after an ordinary word is prose, not a UPI ID
                doc.add("payment", span, f"upi:{local}@{domain}", 0.95, f"UPI payment ID: {local}@{domain}")
            elif domain in _BARE_PROVIDERS and _plausible_bare_address(doc, local, at_pos, span):
                full = f"{local}@{lexicon.MAIL_PROVIDERS[domain]}"
                doc.add("email", span, full, 0.9, f"Email address (provider implied): {full}")
            continue
        if _registrable(domain) is None:
            continue
        first = domain.split(".", 1)[0]
        provider = lexicon.ALIASES.get(first.replace("-", " "), first)
        canon_domain = domain if provider == first else domain.replace(first, provider, 1)
        address = f"{local}@{canon_domain}"
        if canon_domain in lexicon.PLACEHOLDER_DOMAINS or domain in lexicon.PLACEHOLDER_DOMAINS:
            continue
        if _allowed(canon_domain, "", doc.allow_domains):
            continue
        obfuscated = doc.is_obfuscated(span, dec[m.start() : end])
        if _spelled_at(doc, at_pos):
            original_domain = doc.text[doc.mail.origin(m.start(2), end)[0] : span[1]].lower()
            spelled_dot = original_domain.replace(" ", "") != domain
            context = EMAIL_CONTEXT_RE.search(doc.clause_before(span[0], 40)) is not None
            if not (provider in lexicon.MAIL_PROVIDERS or spelled_dot or context):
                continue
            if local in _PROSE_LOCALS or re.match(r"\s*/", dec[end : end + 3]):
                continue
            doc.add(
                "email",
                span,
                address,
                0.93 if (provider in lexicon.MAIL_PROVIDERS or context) else 0.85,
                f"Email address (spelled out): {address}",
            )
        elif obfuscated:
            doc.add("email", span, address, 0.95, f"Email address (disguised): {address}")
        else:
            doc.add("email", span, address, 0.99, f"Email address: {address}")
    _provider_handles(doc)


def _plausible_bare_address(doc: Doc, local: str, at_pos: int, span: tuple[int, int]) -> bool:
    """ "sara.k at gmail" is an address; "I work at Yahoo" or "my friend Sara at Gmail said" is not.

    With a spelled "at" the user part must look like a user name (., _ or digits), or the message must be
    short or carry an email cue.
    """
    if not _spelled_at(doc, at_pos):
        return True
    if local in _PROSE_LOCALS:
        return False
    if re.search(r"[._\d]", local):
        return True
    return len(doc.words) <= 6 or EMAIL_CONTEXT_RE.search(doc.clause_before(span[0], 40)) is not None


def _provider_handles(doc: Doc) -> None:
    """ "find me on gmail, username is dana.w.copy": an address split into provider and user name."""
    if not doc.words & _PROVIDER_WORDS:
        return
    for m in PROVIDER_HANDLE_RE.finditer(doc.dec.text):
        if m.group(1):
            provider, handle, grp = m.group(1), m.group(2), 2
        elif m.group(3):
            provider, handle, grp = m.group(3), m.group(4), 4
            if handle in _STATE_WORDS:
                continue  # "my gmail is full", "my gmail is separate": how it is, not a user name
        else:
            provider, handle, grp = m.group(6), m.group(5), 6
        address = f"{handle}@{lexicon.MAIL_PROVIDERS.get(provider, provider + '.com')}"
        span = doc.span(doc.dec, m.start(), m.end(grp))
        if not doc.overlaps(*span, ("email",)):
            doc.add("email", span, address, 0.85, f"Email address (provider and user name given): {address}")
    text = doc.dec.text
    for here in _HERE_NAME_RE.finditer(text):  # "my email is my username here at gmail": the address is composed
        provider = _PROVIDER_AFTER_RE.match(text, here.end())
        if provider is not None:
            span = doc.span(doc.dec, here.start(), provider.end())
            if not doc.overlaps(*span, ("email",)):
                domain = lexicon.MAIL_PROVIDERS[provider.group(1)]
                reason = f"Email address implied (the name here at {domain})"
                doc.add("email", span, f"<name here>@{domain}", 0.8, reason)
            return
    if lexicon.SAME_NAME_RE.search(text):
        for m in _PROVIDER_MENTION_RE.finditer(text):
            span = doc.span(doc.dec, m.start(), m.end())
            if not doc.overlaps(*span, ("email",)):
                domain = lexicon.MAIL_PROVIDERS[m.group()]
                doc.add(
                    "email",
                    span,
                    f"<same handle>@{domain}",
                    0.75,
                    f"Email address implied (same name as here at {domain})",
                )
                break


_DOT_ALNUM_RE = re.compile(r"\.[a-z0-9]")
_SPACE_RE = re.compile(r"\s")
_URL_STRETCHES_MAX = 8


def _url_matches(dec: str) -> Iterator[re.Match[str]]:
    """`URL_RE.finditer(dec)`, run only over the whitespace-free stretches that hold a "." before a letter or
    digit: a host needs one and no match spans whitespace, so the rest of the text cannot hold a match (and
    a stretch starts after whitespace, where no match is under way). Most chat has one or two such words; a
    text with many dots is scanned whole at once (a stretch costs a few look-ups in Python, the scan does not)."""
    if dec.count(".") > _URL_STRETCHES_MAX:
        yield from URL_RE.finditer(dec)
        return
    done = 0
    for dot in _DOT_ALNUM_RE.finditer(dec):
        if dot.start() < done:
            continue  # inside the stretch just read
        i = dot.start()
        # back to the last space since the previous stretch (each character is looked at a bounded number of
        # times: linear on a wall of dots); a space character not listed here only widens the stretch
        start = max(done, max(dec.rfind(c, done, i) for c in " \n\t\r\f\v") + 1)
        space = _SPACE_RE.search(dec, dot.end())
        done = space.start() if space else len(dec)
        yield from URL_RE.finditer(dec, start, done)


def detect_urls(doc: Doc) -> None:
    dec = doc.dec.text
    if not _DOT_LETTER_RE.search(dec):
        return
    for m in _url_matches(dec):
        if doc.full:
            break
        host = m.group("host").lower().rstrip("-")
        path = (m.group("path") or "").rstrip(".,;:!?)]}'\"")
        scheme, www = m.group("scheme"), m.group("www")
        if www:
            host = "www." + host
        registrable = _registrable(host)
        if registrable is None:
            continue  # no public suffix: dropped below anyway, decided before any offset work
        end = (
            m.start("host") + len(m.group("host").rstrip("-")) + (len(m.group("port") or "") if m.group("port") else 0)
        )
        if path:
            end = m.start("path") + len(path)
        span = doc.span(doc.dec, m.start(), end)
        if dec[end : end + 1] == "_":
            continue  # config.io_settings: an identifier in code talk, not a domain
        if doc.overlaps(*span, ("email", "payment")):
            continue
        line = doc.code_line(span[0])
        if line is not None and not codeaware.url_counts(line, host, bool(scheme or www)):
            continue
        bare = host.removeprefix("www.")
        tld = bare.rsplit(".", 1)[-1]
        explicit = bool(scheme or www)
        if _allowed(bare, path, doc.allow_domains) or registrable in lexicon.PLACEHOLDER_DOMAINS:
            continue
        social = SOCIAL_HOSTS.get(bare) or SOCIAL_HOSTS.get(registrable)
        payment = PAYMENT_HOSTS.get(bare) or PAYMENT_HOSTS.get(registrable)
        segments = [s for s in path.split("?")[0].split("/") if s]
        if social or payment:
            mine = re.search(r"\bmy\b|\bmi\b|\bmeu\b|\bmon\b|\bmein\b|\bmera\b", doc.clause_before(span[0], 40))
            if not segments or (social and not payment and not _profile_path(bare, segments, bool(mine))):
                continue
            if payment and bare == "paypal.com" and segments[0] not in ("paypalme", "pools", "donate"):
                continue
            url = f"{bare}{path}"
            doc.add("url", span, url, 0.97, f"Link: {url}")
            if payment:
                doc.add("payment", span, url, 0.97, f"Payment link ({payment}): {url}")
            else:
                doc.add("social", span, url, 0.95, f"Social profile link ({social}): {url}")
            continue
        private = links.private_channel(bare, path.split("?")[0])
        if private is not None:  # a meeting room, booking page, chat invite, shared doc, file drop or form
            label, also_social = private
            url = f"{bare}{path}"
            doc.add("url", span, url, 0.95, f"{label}: {url}")
            if also_social:
                doc.add("social", span, url, 0.93, f"{label}: {url}")
            continue
        if not segments and registrable in SHORTENERS and not explicit:
            continue
        if bare in KNOWN_REFERENCE_HOSTS or (
            registrable in KNOWN_REFERENCE_HOSTS and bare.split(".", 1)[0] in _SERVICE_SUBDOMAINS
        ):
            continue  # a file, doc or page on a well-known service leads to the service, not to the sender
        before = doc.clause_before(span[0], 40)
        context = URL_CONTEXT_RE.search(before) is not None
        if not explicit and not segments and doc.text[span[0]].isupper() and not URL_OFFER_RE.search(before):
            continue  # "Booking.com clone", "Is Gumroad.com worth it?": a brand named as a topic
        decoded = doc.is_obfuscated(span, dec[m.start() : end])
        original = doc.text[span[0] : span[1]]
        if not explicit:
            if tld in lexicon.FILE_EXTENSION_TLDS and not context:
                continue
            if tld in lexicon.WORD_TLDS and not (context or path):
                continue
            if tld not in lexicon.COMMON_TLDS and not (context or path or decoded):
                continue
            last_label = original.split("/")[0].split(".")[-1]
            if last_label[:1].isupper() and not last_label.isupper():
                continue  # "the store.Shop now": a missing space after a full stop, not a domain
            if decoded:
                label = registrable.split(".")[0]
                if tld not in lexicon.COMMON_TLDS or len(label) < 3 or label in _PROSE_LABELS:
                    continue  # "the dot com era", "le point de vue": prose, not a spelled address
                tail = dec[end : end + 12]
                if (
                    re.match(r"\s+[a-zà-ÿ]{2,}", tail)
                    and not context
                    and not re.search(r"\b(?:dot|www)\b|[\[({<]", original.lower())
                ):
                    continue
        url = f"{host}{path}" if not scheme else f"{scheme}{host}{path}"
        if bare in SHORTENERS or registrable in SHORTENERS:
            conf, why = 0.95, "Link (shortener / link hub)"
        elif explicit:
            conf, why = (0.95 if decoded else 0.97), ("Link (spelled out)" if decoded else "Link")
        elif decoded:
            conf, why = (0.92 if context else 0.85), "Web address (spelled out)"
        else:
            conf, why = (0.9 if (context or path) else 0.8), "Web address"
        doc.add("url", span, url, conf, f"{why}: {url}")
