"""Code-aware rules: identifiers inside fenced blocks and `inline code` are scanned, with what is benign in code.

Why not skip code: a personal address in a `git config user.email` line, a vCard's EMAIL/TEL fields or a
package.json "author" is still a way to reach someone. But code is full of identifier-shaped tokens that
reach no one: decorators and at-rules (`@app.route`, `@media`), scoped packages and versions
(`@angular/core@17.0.1`, `lodash@4.17.21`), attribute chains that end in a TLD (`self.app`, `config.io`),
ssh/git logins (`git@github.com:org/repo`, `deploy@build.internal`), loopback/private hosts, reserved test
domains, version/build numbers, ports, epoch timestamps and magic numbers. The rules below keep the first
kind and drop the second; each detector asks them with the line of code around its match
(`Doc.code_line`).
"""

from __future__ import annotations

import ipaddress
import re

RESERVED_SUFFIXES = (".test", ".example", ".invalid", ".localhost", ".local", ".internal", ".lan", ".home.arpa")
"""RFC 2606 / 6761 / 6762 names that never reach anyone on the internet."""
_LOCAL_HOSTS = frozenset({"localhost", "0.0.0.0", "127.0.0.1", "::1", "host.docker.internal"})
_LOGIN_RE = re.compile(r"\b(?:ssh|scp|sftp|rsync|mosh|ansible|git\s+clone|git\s+remote|remote\s+add|docker\s+login)\b")
_PHONE_CUE_RE = re.compile(
    r"\btel\b|tel:|\bphone|\bmobile|\bcell|\bwhatsapp|\bsms\b|\bcontact|\bfax\b|\btelefon|\btel[ée]fono|"
    r"\btelefone|\bcelular|\bnumero|\bnúmero|\bnummer|\bhandy\b|wa\.me|callto:"
)
_EMAIL_FIELD_RE = re.compile(r"email|e-mail|mail|author|maintainer|contact|reply-?to|from|owner")


def local_host(host: str) -> bool:
    """Loopback, private, link-local or reserved names and addresses."""
    host = host.lower().strip("[]").rstrip(".")
    if host in _LOCAL_HOSTS or host.endswith(RESERVED_SUFFIXES):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_unspecified


def email_counts(line: str, local: str, domain: str, after: str) -> bool:
    """An address-shaped token in code: a mailbox (yes) or a login, git remote, package ref (no)?"""
    if local_host(domain) or after.startswith(":") or after.startswith("/"):
        return False  # git@github.com:org/repo, user@host:/path
    if _LOGIN_RE.search(line) and not _EMAIL_FIELD_RE.search(line):
        return False  # ssh deploy@build.example.org
    return True


def url_counts(line: str, host: str, explicit: bool) -> bool:
    """A host in code: a link someone is given (scheme or www) or an attribute chain / local service (no)?"""
    if not explicit:
        return False  # self.app, config.io, settings.py: names in code, not addresses
    return not local_host(host.split(":")[0])


def phone_counts(line: str) -> bool:
    """Digits in code are versions, ports, ids and timestamps unless the line says phone (tel:, TEL;, phone=)."""
    return _PHONE_CUE_RE.search(line) is not None


KNOWN_TEST_VALUES = frozenset(
    "4242424242424242 4000056655665556 5555555555554444 2223003122003222 5200828282828210 5105105105105100 "
    "378282246310005 371449635398431 6011111111111117 6011000990139424 3056930009020004 36227206271667 "
    "3566002020360505 6200000000000005 4111111111111111 4012888888881881 4000000000000002 4000000000009995 "
    "5454545454545454 4000000000000077 4000000000003220".split()
)
"""Public test card numbers of the big payment providers' sandboxes: talk about testing, not an account, when
the message says so (`TEST_CUE_RE`); offered as "card ..., exp 12/27" they are still reported."""
TEST_CUE_RE = re.compile(
    r"\b(?:test|testing|tests|sandbox|staging|dummy|fake|demo|mock|stripe|braintree|adyen|qa|fixture|placeholder)\b"
)
