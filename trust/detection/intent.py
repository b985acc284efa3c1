"""Intent without an identifier: invitations to another channel and proposals to pay off the platform.

Why parts, not phrases: "let's move this chat to Telegram", "podemos seguir no zap?", "lass uns auf Signal
weiterschreiben" and "we'll do the next one off-platform via bank transfer, saves us both 10%" share no
wording, but each is made of the same few parts: an actor's invitation or a payment, a channel or money,
and "outside / directly / without the fee". `data/intent.toml` lists those parts per language; one trie
regex (with every platform and payment-rail alias from the other data files) tags each part in one pass,
and the rules below combine the tags of one sentence. Negations ("I never move chats to WhatsApp"),
reports ("he asked me to pay outside"), technology talk ("Telegram bot", "PayPal API") and talk after a
contract exists block a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from . import lexicon, registry
from .document import Doc

_SEP = re.compile(r"[\s\-]+")


def _key(phrase: str) -> str:
    return _SEP.sub(" ", phrase.lower().replace("’", "'")).strip()


def _fold(phrase: str) -> str:
    """A phrase folded exactly like the text it is matched against (dotless i, homoglyphs, NFKC)."""
    from .normalize import char_views

    return _key(char_views(_key(phrase))[1].text)


def _folded(roles: dict[str, set[str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for phrase, names in roles.items():
        for variant in {phrase, _fold(phrase)}:
            out.setdefault(variant, set()).update(names)
    return out


@dataclass(frozen=True, slots=True)
class _Lexicon:
    roles: dict[str, frozenset[str]]
    platform: dict[str, str]
    rail: dict[str, str]
    pattern: re.Pattern[str]
    words_pattern: re.Pattern[str]
    """`pattern` without its percentage alternative, for text with no "%" (where that alternative cannot match
    and only costs a try at every position: about 40% of the scan)."""


@cache
def _lexicon() -> _Lexicon:
    """All intent parts of all languages, platform and rail aliases, compiled into one trie regex."""
    roles: dict[str, set[str]] = {}
    for table in registry.load("intent").values():
        for role, phrases in table.items():
            for phrase in phrases:
                roles.setdefault(_key(phrase), set()).add(role)
    platform = {  # a weak alias of everyday words ("we chat") would eat the verb of "can we chat on WA?"
        _fold(a): key
        for a, key in lexicon.PLATFORM_CANON.items()
        if not (" " in a and a in lexicon.WEAK_PLATFORM_ALIASES)
    }
    rail = {_fold(a): lexicon.payment_key(a) for a in lexicon.PAYMENT_BRANDS}
    for alias in platform:
        roles.setdefault(alias, set()).add("platform")
    for alias in rail:
        roles.setdefault(alias, set()).add("rail")
    roles = _folded(roles)
    phrases = set(roles)
    phrases |= {p.replace("'", "’") for p in phrases if "'" in p}
    body = registry.trie_pattern(phrases)
    words = r"\b(?<!['’])(?:" + body + r")(?!\w)"
    pattern = re.compile(
        r"(?P<pct>(?<![\d.,])\d{1,3}(?:[.,]\d{1,2})?\s?(?:%|(?:percent|per\s?cent|por\s?ciento|por\s?cento|"
        r"pour\s?cent|prozent|per\s?cento|procent)\b)|(?<![\w%])%\s?\d{1,3}(?![\d]))|" + words
    )
    return _Lexicon({k: frozenset(v) for k, v in roles.items()}, platform, rail, pattern, re.compile(words))


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    key: str
    roles: frozenset[str]


_MAX_PARTS = 24
_PCT = frozenset({"pct"})
_NONE: frozenset[str] = frozenset()
_SENTENCE_RE = re.compile(
    r"[.!?;\n]+(?=\s|$)|\s(?:but|pero|mas|mais|aber|lekin|magar|ma|maar|ale|ama|tapi|dar|però|however|although|though)\s"
)
_POSSESSIVE_START = re.compile(r"(?:my|mi|meu|minha|mon|ma|mein|meine|mój|moj)\s")
_POSSESSIVE_END = re.compile(r"\s(?:my|mi|meu|minha|mon|ma|mein|meine)$")
_WEAK_CHANNEL_TAIL = re.compile(
    r"\s*(?:$|[.,!?;:)]|\s(?:instead|then|please|pls|app|chat|call|video|voice|so|if|and|or|because|since|as|where|it'?s|is|it|"
    r"now|today|tomorrow|later|too|me|us|y|e|et|und|ou|o|oder|aja|ya|dong|deh|kak|gan|nhé|nha|nhe|aku|saya|tbh|lol|imo|"
    r"thx|thanks|bro|man|mate|better|melhor|mejor|besser|mieux|meglio|saja|lah|"
    # when, please and time words of the languages with weak aliases ("me chama no zap amanhã", "un whats porfa")
    r"when|whenever|once|asap|anytime|que|pra|para|porfa|pf|pfv|por\s+favor|amanh[ãa]|hoje|depois|agora|ma[ñn]ana|"
    r"hoy|luego|ahora|m[áa]s\s+tarde|mais\s+tarde|morgen|heute|sp[äa]ter|demain|ce\s+soir|plus\s+tard|domani|dopo|"
    r"stasera|cuando|quando|quand|wenn|wanneer|kiedy)\b"
    # a message named after its messenger ("eine Signal-Nachricht", "un Telegram-message")
    r"|[-‐](?:nachricht|message|msg|mensaje|mensagem|messaggio|bericht|berichtje|wiadomo[śs][ćc])\b)"
)
_ME_AFTER = re.compile(r"\s*(?:me|us|mich|moi|mi|mujhe|saya|beni|mnie)\b|['’][a-zçğıöşü]{1,5}\b")
_FILLER_BETWEEN = re.compile(
    r"\s*(?:(?:the|my|a|an|our|your|o|a|el|la|le|les|der|die|das|den|mein|meu|mi|mon|un|una|um|uma|une|ein|eine|einen)\s+)?"
    r"(?:(?:quick|short|brief|fast|little|small|rapid|rápida|rápido|rapida|rapido|rapide|petit|petite|kurzen|kurze|kurzes|"
    r"breve|pequeña|pequena)\s+)?$"
)
"""What may stand between a preposition and the channel: an article, then one word for a short call ("hop on a quick
WhatsApp call", "on a short Telegram call")."""


_GATE_GROUPS = {
    "money": frozenset({"off", "off_near", "avoid", "pay_me", "bank", "out"}),  # every payment rule needs one of these,
    "railed": frozenset({"accept", "propose", "instead"}),  # ... or one of these with a rail ("can we use PayPal?")
    "bypass": frozenset({"bypass", "bypass_after"}),  # ... or one of these with an ESCROW word ("let's skip escrow")
    "invite": frozenset({"invite", "invite_strong", "invite_send", "request", "offer"}),  # each channel rule needs one
    "channel": frozenset({"platform", "channel", "away", "contact_noun", "private"}),  # ... and one of these
    "complaint": frozenset({"complaint"}),  # ... or a complaint about this chat ("this chat is laggy, let's switch")
}
_ME_WORDS = frozenset("me us mich moi mi mujhe saya beni mnie aku".split())
"""Objects after a platform used as a verb ("whatsapp me", "telegram me at ..."): the verb rule needs one."""


@cache
def _gate() -> dict[str, tuple[frozenset[str], dict[str, tuple[frozenset[str], ...]], bool]]:
    """Per rule part: (key words, key word -> word sets of the phrases it starts, "always possible").

    A phrase can only be tagged when every one of its words is a word of the text (the trie matches whole
    words, with spaces as separators), so `_possible` is exact: it never says no to a text a rule could fire on.
    """
    out = {}
    for group, wanted in _GATE_GROUPS.items():
        index: dict[str, set[frozenset[str]]] = {}
        always = False
        for phrase, roles in _lexicon().roles.items():
            if not roles & wanted:
                continue
            ws = frozenset(lexicon.WORD_RE.findall(phrase))
            if not ws:
                always = True
                continue
            index.setdefault(max(sorted(ws), key=len), set()).add(ws)
        out[group] = (frozenset(index), {k: tuple(v) for k, v in index.items()}, always)
    return out


def _possible(group: str, words: frozenset[str]) -> bool:
    keys, index, always = _gate()[group]
    if always:
        return True
    return any(ws <= words for key in keys.intersection(words) for ws in index[key])


@cache
def _enclitic_aliases() -> frozenset[str]:
    """Platform aliases that are verbs with "me" glued on ("wasapéame"): the platform-as-verb rule needs no "me"."""
    return frozenset(a for a in lexicon.PLATFORM_CANON if " " not in a and _ENCLITIC_ME.search(a))


def could_fire(words: frozenset[str]) -> bool:
    """Whether the words of a text hold every part some intent rule needs (exact, cheap: set lookups)."""
    return (
        _possible("money", words)
        or (_possible("railed", words) and bool(words & lexicon.RAIL_TRIGGER_WORDS))
        or (_possible("bypass", words) and bool(words & lexicon.SELF_WORDS))
        or (_possible("invite", words) and (_possible("channel", words) or _possible("complaint", words)))
        or (bool(words & _ME_WORDS) and _possible("channel", words))
        or bool(words & _enclitic_aliases())
    )


def detect_intent(doc: Doc) -> None:
    """Add `social` findings for invitations to another channel and `payment` for off-platform payment."""
    words = doc.words
    channel_words = words & lexicon.PLATFORM_TRIGGER_WORDS or words & lexicon.WEAK_TRIGGER_WORDS
    if not (
        words & lexicon.INTENT_TRIGGER_WORDS
        or (
            channel_words
            and (
                words & lexicon.INVITE_TRIGGER_WORDS
                or words & _ME_WORDS
                or words & _enclitic_aliases()
                or (words & _OFFER_WORDS and words & _POSSESSIVES)  # "here's my Telegram"
            )
        )
        or (words & lexicon.CONTACT_NOUN_WORDS and (words & lexicon.YOURS_WORDS or words & lexicon.MINE_WORDS))
        or (words & lexicon.PAY_ME_WORDS and words & lexicon.RAIL_TRIGGER_WORDS)
        or ("%" in doc.dec.text and words & lexicon.RAIL_TRIGGER_WORDS)  # "50% here and 50% via PayPal"
        or (words & lexicon.BYPASS_WORDS and words & lexicon.SELF_WORDS)  # "let's skip escrow"
        or (words & lexicon.BANK_WORDS and words & lexicon.OFFER_WORDS)  # "I'll send you my bank details"
        or ("link" in words and words & lexicon.RAIL_TRIGGER_WORDS)
    ):
        return
    rail_link = "link" in words and words & lexicon.RAIL_TRIGGER_WORDS  # "I'll send you a PayPal link"
    if not could_fire(words) and not ("%" in doc.dec.text and words & lexicon.RAIL_TRIGGER_WORDS) and not rail_link:
        return
    lex = _lexicon()
    text = doc.dec.text
    tokens: list[_Tok] = []
    roles = lex.roles
    pct = "%" in text or bool(words & _PERCENT_WORDS)
    for m in (lex.pattern if pct else lex.words_pattern).finditer(text):
        if pct and m.group("pct"):
            tokens.append(_Tok(m.start(), m.end(), "%", _PCT))
            continue
        key = m.group()
        if " " in key or "-" in key or "\t" in key or "’" in key:
            key = _key(key)
        found = roles.get(key, _NONE)
        if found & _BLOCKING and key.isascii():
            a, b = doc.dec.origin(m.start(), m.end())
            if not doc.text[a:b].isascii():  # Russian "так" folds to Indonesian "tak" (not): a cue word of
                found = found - _BLOCKING  # another script is a look-alike of a Latin one, not that word
        tokens.append(_Tok(m.start(), m.end(), key, found))
    if not tokens:
        return
    bounds = [0, *(m.end() for m in _SENTENCE_RE.finditer(text)), len(text) + 1]
    index = 0
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        sentence: list[_Tok] = []
        while index < len(tokens) and tokens[index].start < hi:
            if tokens[index].start >= lo:
                sentence.append(tokens[index])
            index += 1
        for at in range(0, len(sentence), _MAX_PARTS):  # a run-on "sentence" is judged in bounded pieces
            piece = sentence[at : at + _MAX_PARTS]
            if len(piece) >= 2 or piece[0].key in _enclitic_aliases():
                _judge(doc, lex, text, lo if at == 0 else piece[0].start, hi, piece)


def _has(sentence: list[_Tok], role: str) -> bool:
    return any(role in t.roles for t in sentence)


def _negated(text: str, sentence: list[_Tok], target: _Tok, channels: set[int]) -> bool:
    """A negation before `target` in the same comma-delimited chunk (Portuguese "no"+channel is a preposition)."""
    for i, tok in enumerate(sentence):
        if tok.start >= target.start:
            return False
        if "neg" not in tok.roles:
            continue
        nxt = sentence[i + 1] if i + 1 < len(sentence) else None
        named = id(nxt) in channels or ("prep" in tok.roles and nxt.roles & _NAMED) if nxt is not None else False
        if nxt is not None and named and not text[tok.end : nxt.start].strip():
            continue  # Portuguese "no zap", "no pix": a preposition, not a negation
        if "," not in text[tok.end : target.start]:
            return True
    return False


def _judge(doc: Doc, lex: _Lexicon, text: str, lo: int, hi: int, sentence: list[_Tok]) -> None:
    if _has(sentence, "report") or _has(sentence, "tech") or _has(sentence, "neg_final"):
        return
    _social(doc, lex, text, lo, sentence)
    _own_account_offered(doc, lex, text, sentence)
    _request_yours(doc, lex, text, sentence)
    _payment(doc, text[lo:hi], text, sentence)


def _social(doc: Doc, lex: _Lexicon, text: str, lo: int, sentence: list[_Tok]) -> None:
    if _has(sentence, "after"):
        return
    invites = [t for t in sentence if t.roles & _INVITE_ROLES]
    ask = _has(sentence, "ask")
    if not invites:
        _platform_as_verb(doc, lex, text, lo, sentence, ask)
        return
    channels: list[tuple[_Tok, str]] = []
    for i, tok in enumerate(sentence):
        is_platform = "platform" in tok.roles and tok.key not in ("platform",)
        if "private" in tok.roles and not is_platform and _private_next_to_invite(text, sentence, i):
            channels.append((tok, ""))  # "can we talk privately?", "lass uns privat weiterreden": leaving this chat
            continue
        if "away" in tok.roles and not is_platform:  # "somewhere else", "outside this site": no preposition needed
            nxt = sentence[i + 1] if i + 1 < len(sentence) else None
            if _WEAK_CHANNEL_TAIL.match(text, tok.end) or (
                nxt is not None and nxt.roles & _INVITE_ROLES and not text[tok.end : nxt.start].strip()
            ):  # it ends the clause ("... somewhere else?", "woanders weiterreden"), not "outside the platform hours"
                channels.append((tok, ""))
            continue
        if not (is_platform or "channel" in tok.roles):
            continue
        prev = sentence[i - 1] if i else None
        nxt = sentence[i + 1] if i + 1 < len(sentence) else None
        adjacent_next = nxt is not None and not text[tok.end : nxt.start].strip()
        if (
            is_platform
            and tok.key in lexicon.WEAK_PLATFORM_ALIASES
            and not _WEAK_CHANNEL_TAIL.match(text, tok.end)
            and not (adjacent_next and nxt is not None and nxt.roles & {"invite", "invite_strong", "ask", "prep"})
        ):
            continue
        introduced = (
            prev is not None and "prep" in prev.roles and _FILLER_BETWEEN.match(text[prev.end : tok.start])
        ) or (is_platform and _case_suffixed(lex, tok.key))
        postposition = adjacent_next and nxt is not None and "prep" in nxt.roles  # "whatsapp pe", "WhatsApp üzerinden"
        bare = (  # "chat wa aja", "kết bạn zalo đi": languages that name the messenger right after the verb;
            is_platform  # "mándame un whats", "schick mir eine WhatsApp": a message named after its messenger
            and prev is not None
            and prev.roles & _INVITE_ROLES
            and (
                not text[prev.end : tok.start].strip()
                or (_ARTICLE_GAP.fullmatch(text, prev.end, tok.start) is not None and _to_me(text, prev))
            )
            and lexicon.PLATFORM_GROUPS.get(lex.platform.get(tok.key, "")) == "messenger"
            and _WEAK_CHANNEL_TAIL.match(text, tok.end)
        )
        offered = (  # "te paso mi número", "I'll send you my email": the sender's own channel is the object
            not is_platform
            and prev is not None
            and prev.roles & _INVITE_ROLES
            and not text[prev.end : tok.start].strip()
            and (_POSSESSIVE_START.match(tok.key) or _POSSESSIVE_END.search(prev.key))
        )
        if not (introduced or postposition or bare or offered or _ME_AFTER.match(text, tok.end)):
            continue
        name = lex.platform.get(tok.key, "") if is_platform else ""
        channels.append((tok, name))
    if not channels:
        complaints = [t for t in sentence if "complaint" in t.roles]
        if complaints and any(_WEAK_CHANNEL_TAIL.match(text, t.end) for t in invites):
            channels = [(complaints[0], "")]  # "this chat is laggy, let's switch": leaving it, destination unsaid
        else:
            _platform_as_verb(doc, lex, text, lo, sentence, ask)
            return
    ids = {id(tok) for tok, _ in channels}
    for tok, name in channels:
        for inv in invites:
            if inv is tok:
                continue
            send_only = not inv.roles & _CONTACT_INVITES
            if send_only and lexicon.PLATFORM_GROUPS.get(name) not in _SEND_GROUPS:
                continue  # "send me the brief on WhatsApp" is a contact; "send the mockups on Figma" is work
            strong_only = "invite" not in inv.roles and not send_only
            leaving = bool(tok.roles & _LEAVING)
            if not name and not strong_only and "invite_strong" not in inv.roles and not leaving:
                continue  # "text me by email" needs an address to reach anyone; "let's move to email" does not
            if strong_only and not ask and not _sentence_initial(text, lo, inv.start):
                continue
            if "away" in tok.roles and not _away_gap_ok(text, sentence, inv, tok):
                continue  # "let's move the button somewhere else" moves a thing, not the conversation
            if not _to_me(text, inv) and _for_others(sentence, inv, tok):
                continue  # "send the customer a WhatsApp when it ships", "manda un whatsapp al cliente": a product
            if (
                "invite" in inv.roles
                and _content_object(text, sentence, inv, tok)
                and not (lexicon.PLATFORM_GROUPS.get(name) in _SEND_GROUPS and _to_me(text, inv))
            ):  # "write a post on LinkedIn", "напиши пост в инстаграм": work on the platform; but "text me the
                continue  # copy on WhatsApp" sends it to the writer on a messenger, as "send me the brief" does
            if _negated(text, sentence, max(inv, tok, key=lambda t: t.start), ids):
                continue
            a, b = min(inv.start, tok.start), max(inv.end, tok.end)
            span = doc.span(doc.dec, a, b)
            label = lexicon.display(name) if name else ("another channel" if leaving else tok.key)
            doc.add(
                "social",
                span,
                f"{name or 'off-platform'}: invitation to continue on {label}",
                0.88,
                f"Invitation to continue on {label} before a contract",
            )
            return


_INVITE_ROLES = frozenset({"invite", "invite_strong", "invite_send"})
_ARTICLE_GAP = re.compile(r"\s+(?:a|an|one|un|una|um|uma|une|ein|eine|einen|een)\s+")
_CONTENT_BEFORE = 3
_ADJACENT = re.compile(r"[\s\-]*")
"""How many parts before a channel a verb-final clause's object may stand ("einen Beitrag auf Instagram schreiben")."""


def _to_me(text: str, inv: _Tok) -> bool:
    """The verb has the writer as its object: "text me", "escríbeme", "напиши мне", or "me"/"mir" right after it."""
    return bool(_ME_IN_VERB.search(inv.key)) or _ME_AFTER.match(text, inv.end) is not None


_ME_IN_VERB = re.compile(
    r"(?:\b(?:"
    + "|".join(re.escape(registry.fold(w)) for w in "me us mir mich moi mnie мне меня мені мене".split())
    + r")\b|me$|mi$|-moi$)"
)


def _for_others(sentence: list[_Tok], inv: _Tok, tok: _Tok) -> bool:
    """Someone else is the addressee (OTHERS: "the customer", "users", "al cliente"): between the verb and the
    channel, or right after the channel. Messaging them is what the product does, not an invitation to the reader."""
    at = next(i for i, t in enumerate(sentence) if t is tok)
    after = sentence[at + 1 : at + 3]
    return any(
        "others" in t.roles and (min(inv.end, tok.end) <= t.start < max(inv.start, tok.start) or t in after)
        for t in sentence
    )


def _content_object(text: str, sentence: list[_Tok], inv: _Tok, tok: _Tok) -> bool:
    """A piece of work (CONTENT: "a post", "the caption", "пост", "einen Beitrag") is the object of a contact verb:
    between the verb and the channel ("write a post on LinkedIn"), or, when the verb comes after the channel, just
    before the channel ("einen Beitrag auf Instagram schreiben"). The verb then makes content for the platform; it
    does not ask to be contacted there."""
    at = next(i for i, t in enumerate(sentence) if t is tok)
    nxt = sentence[at + 1] if at + 1 < len(sentence) else None
    if nxt is not None and "content" in nxt.roles and _ADJACENT.fullmatch(text, tok.end, nxt.start):
        return True  # "write a LinkedIn post", "напиши телеграм-пост"
    if inv.start < tok.start:
        return any("content" in t.roles and inv.end <= t.start < tok.start for t in sentence)
    return any("content" in t.roles for t in sentence[max(0, at - _CONTENT_BEFORE) : at])


_LEAVING = frozenset({"away", "complaint", "private"})
_PRIVATE_FOLLOW = frozenset({"away", "platform", "channel", "ask", "private", "invite", "invite_strong"})
_PRIVATE_GAP = re.compile(
    r"(?:-en)?\s*(?:(?:this|it|that|more|a\s+bit|a\s+little|about\s+it|esto|isso|das|es|ca|ça)\s+)?$"
)


def _private_next_to_invite(text: str, sentence: list[_Tok], i: int) -> bool:
    """PRIVATE right after an INVITE or INVITE_STRONG verb ("talk privately", "hablemos en privado", "take this
    private") or right before one ("privat weiterreden", "в личке обсудим"), with at most "this"/"more" between."""
    tok = sentence[i]
    back = i - 1
    if back > 0 and sentence[back].key == "en" and text[sentence[back].start - 1 : sentence[back].start] == "-":
        back -= 1  # French "parlons-en en privé"
    prev = sentence[back] if back >= 0 else None
    nxt = sentence[i + 1] if i + 1 < len(sentence) else None
    verbs = {"invite", "invite_strong"}
    if (
        prev is not None
        and prev.roles & verbs
        and _PRIVATE_GAP.match(text[prev.end : tok.start])
        and (  # ... and it ends the clause or a place follows: not "talk privately funded startups into hiring"
            _WEAK_CHANNEL_TAIL.match(text, tok.end)
            or (nxt is not None and nxt.roles & _PRIVATE_FOLLOW and not text[tok.end : nxt.start].strip())
        )
    ):
        return True
    return nxt is not None and bool(nxt.roles & verbs) and not text[tok.end : nxt.start].strip()


_NAMED = frozenset({"platform", "rail"})
_BLOCKING = frozenset({"neg", "neg_final", "report", "tech", "after", "self"})
_AWAY_GAP_WORDS = (
    "this it that things us the our we here over on esta este la el nuestra isso isto essa a nossa cette "
    "notre ça das unser unsere es questa nostra tę naszą bu bunu ini kita это наш наше нашу conversation "
    "conversations chat chats discussion talk convo conversación conversa papo gespräch unterhaltung "
    "conversazione rozmowę rozmowe konuşmayı konusmayi obrolan obrolannya pembicaraan разговор общение "
    "переписку cuộc trò chuyện -en and y e und et и і và dan ve i și si"
).split()


def _away_gap_ok(text: str, sentence: list[_Tok], inv: _Tok, tok: _Tok) -> bool:
    """Only the conversation itself, or other invitation words ("lanjut ngobrol di luar platform"), stand between
    the verb and "somewhere else"."""
    lo, hi = min(inv.end, tok.end), max(inv.start, tok.start)
    gap = text[lo:hi]
    for other in sentence:
        if lo <= other.start and other.end <= hi and other.roles & (_INVITE_ROLES | {"ask", "private"}):
            gap = gap.replace(text[other.start : other.end], " ", 1)
    return _away_gap().fullmatch(gap) is not None


@cache
def _away_gap() -> re.Pattern[str]:
    """What may stand between a verb and "somewhere else": the conversation itself, never another object."""
    return re.compile(r"\s*(?:(?:" + registry.alternation(_AWAY_GAP_WORDS) + r")\s*){0,4}[,.!?]?\s*")


_VERB_GROUPS = frozenset({"messenger", "meeting", "social"})
"""Platforms whose name is used as a verb for reaching someone there ("whatsapp me", "telegram me", "insta me")."""


_ASKED_TAIL = re.compile(
    r"\s*(?:$|[.,!?;:)]|\s(?:number|id|handle|username|nick|pls|please|then|so|and|or|if|"
    r"ya|dong|kak|nhé|nha|plz)\b)"
)


_OWN_TAIL = re.compile(
    r"\s*(?:$|[.,!?;:)(]|(?:here|below|later|soon|in\s+a\s+(?:sec|second|minute|bit|moment)|now|then|too|also|next|"
    r"handle|username|user\s*name|id|number|aqu[ií]|abajo|luego|aqui|depois|ici|apr[eè]s|hier|gleich|sp[äa]ter|"
    r"in\s+(?:the|my)\s+next\s+(?:message|msg|text))\b)"
)
_OWN_GROUPS = frozenset({"messenger", "meeting", "social"})
_OFFER_WORDS = lexicon.trigger_words(
    registry.fold(phrase) for table in registry.load("intent").values() for phrase in table.get("offer", ())
)
_POSSESSIVES = frozenset({"my", "mi", "meu", "minha", "mon", "ma", "mein", "meine", "meinen"})
_POSSESSIVE_GAP = re.compile(r"\s+(?:" + "|".join(sorted(_POSSESSIVES, key=len, reverse=True)) + r")\s+")


def _own_account_offered(doc: Doc, lex: _Lexicon, text: str, sentence: list[_Tok]) -> None:
    """The writer offers their own account on a platform, the handle to follow ("here's my Telegram", "I'll drop my
    WhatsApp here in a sec", "te paso mi insta"): OFFER ending in a possessive, the platform right after it, and
    nothing of the platform's after that ("here's my Instagram strategy" is work)."""
    if _has(sentence, "after"):
        return
    for i, tok in enumerate(sentence[:-1]):
        nxt = sentence[i + 1]
        if nxt.key in _POSSESSIVES and i + 2 < len(sentence):  # "mein" is also a tagged word (Hindi "in")
            nxt = sentence[i + 2]
        if not tok.roles & {"offer", "invite_send"} or "platform" not in nxt.roles:
            continue
        gap = text[tok.end : nxt.start]
        if not (_POSSESSIVE_GAP.fullmatch(gap) or (not gap.strip() and _POSSESSIVE_END.search(tok.key))):
            continue
        name = lex.platform.get(nxt.key, "")
        if lexicon.PLATFORM_GROUPS.get(name) not in _OWN_GROUPS:
            continue
        if not _OWN_TAIL.match(text, nxt.end):
            continue
        if nxt.key in lexicon.WEAK_PLATFORM_ALIASES and not doc.text[doc.dec.origin(nxt.start, nxt.end)[0]].isupper():
            continue  # "here's my signal" may be anything; "here's my Signal" names the app
        if _negated(text, sentence, tok, set()):
            continue
        label = lexicon.display(name)
        doc.add(
            "social",
            doc.span(doc.dec, tok.start, nxt.end),
            f"{name}: own account offered",
            0.85,
            f"Offers their own {label} account before a contract",
        )
        return


def _request_yours(doc: Doc, lex: _Lexicon, text: str, sentence: list[_Tok]) -> None:
    """Asking for the reader's contact: REQUEST + YOURS + a messenger/social platform or a CONTACT_NOUN that ends
    the clause ("кинь свой ватсап, я напишу", "boleh minta nomor WA nya?", "what's your number?"). "What's your
    number of revisions" and "share your Figma" stay out (the noun does not end the clause; a design tool)."""
    if _has(sentence, "after") or not _has(sentence, "request") or not _has(sentence, "yours"):
        return
    for i, tok in enumerate(sentence):
        name = lex.platform.get(tok.key, "") if "platform" in tok.roles else ""
        if name and lexicon.PLATFORM_GROUPS.get(name) not in _VERB_GROUPS:
            continue
        if not (name or "contact_noun" in tok.roles):
            continue
        nxt = sentence[i + 1] if i + 1 < len(sentence) else None
        if not (
            _ASKED_TAIL.match(text, tok.end)
            or (
                nxt is not None
                and nxt.roles & {"yours", "contact_noun", "request"}
                and not text[tok.end : nxt.start].strip()
            )
        ):
            continue
        request = next(t for t in sentence if "request" in t.roles)
        if _negated(text, sentence, max(request, tok, key=lambda t: t.start), set()):
            return
        a, b = min(request.start, tok.start), max(request.end, tok.end)
        label = lexicon.display(name) if name else tok.key
        doc.add(
            "social",
            doc.span(doc.dec, a, b),
            f"{name or 'contact'}: asks for the reader's {label}",
            0.88,
            f"Asks for the other person's {label} before a contract",
        )
        return


def _platform_as_verb(doc: Doc, lex: _Lexicon, text: str, lo: int, sentence: list[_Tok], ask: bool) -> None:
    """ "WhatsApp me", "telegram me at ...", "pls wechat me": the platform's name is the invitation.

    Only at the start of a sentence or after an ASK marker ("just", "pls", "feel free to"), and never negated,
    so "the WhatsApp me and my team use" or "I don't telegram me..." stay out."""
    for tok in sentence:
        if "platform" not in tok.roles or tok.key in lexicon.WEAK_PLATFORM_ALIASES:
            continue
        name = lex.platform.get(tok.key, "")
        if lexicon.PLATFORM_GROUPS.get(name) not in _VERB_GROUPS:
            continue
        me = _ME_OBJECT.match(text, tok.end) or _ENCLITIC_ME.search(tok.key)  # "wasapéame": Spanish "me" glued on
        if me is None or not (ask or _sentence_initial(text, lo, tok.start)):
            continue
        if _negated(text, sentence, tok, set()):
            continue
        end = me.end() if me.re is _ME_OBJECT else tok.end
        span = doc.span(doc.dec, tok.start, end)
        label = lexicon.display(name)
        doc.add(
            "social",
            span,
            f"{name}: invitation to continue on {label}",
            0.88,
            f"Invitation to continue on {label} before a contract",
        )
        return


_ENCLITIC_ME = re.compile(r"[ée]ame$")
_ME_OBJECT = re.compile(r"\s+(?:me|us|saya|aku)\b(?!\s+(?:and|&|too)\b)")
_CONTACT_INVITES = frozenset({"invite", "invite_strong"})
_SEND_GROUPS = frozenset({"messenger", "meeting"})
"""Platforms where "send me X on <platform>" means reaching the sender there (not a design or file tool)."""


_CASE_SUFFIX = re.compile(r"['’]?(?:dan|den|tan|ten|da|de|ta|te|ya|ye|a|e|yla|yle|la|le)$")


def _case_suffixed(lex: _Lexicon, key: str) -> bool:
    """A platform alias carrying its own case ending ("telegramdan", "whatsapp'a"): the suffix is the preposition."""
    m = _CASE_SUFFIX.search(key)
    return m is not None and m.start() >= 3 and key[: m.start()] in lex.platform


def _sentence_initial(text: str, lo: int, start: int) -> bool:
    return not re.search(r"[^\W\d_]", text[lo:start])


_NEAR = 32
_PLATFORM_FEE_WORD = re.compile(
    r"commis|comis|komis|prowizj|provision|provisie|potongan|katauti|kesinti|platform|service|cut"
)
_FEE_OWNER_BEFORE = re.compile(
    r"(?:\b(?:the|their|its|platform'?s?|site'?s?|app'?s?|upwork'?s?|fiverr'?s?|la|las|los|el|a|as|o|os|les|le|die|der|"
    r"den|de|da|do|della|delle|het|sua|seu|sus|leur|ihre|ihren|su|loro|hun|ich|jejich|onların)\s+)$"
)


def _platform_fee(text: str, fee: _Tok) -> bool:
    """The platform's own fee ("the fee", "their commission", "la comisión"), not a price ("extra fees")."""
    return bool(
        _PLATFORM_FEE_WORD.search(fee.key) or _FEE_OWNER_BEFORE.search(text[max(0, fee.start - 14) : fee.start])
    )


_RAIL_GAP = 32
_PAID = frozenset({"pay_me", "accept"})
_ACCEPT_GAP = re.compile(
    r"\s*,?\s*(?:(?:is|are|'s|’s|es|é|est|ist|è|is\s+also|por|via|with|con|com|per|par|über|uber|mit|se|pe|ok)\s*)?"
)
_PERCENT_WORDS = frozenset("percent cent ciento cento prozent procent".split())
"""Words that make a percentage without "%" ("70 percent here"): the scan then tries the percentage alternative."""
_OUTGOING = frozenset({"off", "off_near", "out", "rail"})
"""The part of a split that leaves: "directly", "outside", or a rail ("the rest by bank transfer", "rest via Wise")."""
_STAT_AFTER = re.compile(r"\s+(?:of|de|des|der|di|do|da|dari|z|из|от)\b")
_HERE_WORDS = (
    "here|aqui|aquí|ici|hier|qui|tutaj|burada|sini|здесь|тут|platform|plataforma|plateforme|plattform|piattaforma|"
    "platformie|platforma|сайт|сайте|платформу|платформе|site|sitio|app|escrow|milestone|milestones|treuhand|garantia"
)


@cache
def _here() -> re.Pattern[str]:
    return re.compile(r"\b(?:" + registry.alternation(_HERE_WORDS.split("|")) + r")\b")


@cache
def _rest() -> re.Pattern[str]:
    """The remainder of a split ("the rest", "el resto", "остальное", "kalanı")."""
    words = (
        "rest|resto|reste|restes|remainder|остальное|остальные|остаток|решту|решта|kalanı|kalan|sisanya|resztę|reszta"
    )
    return re.compile(r"\b(?:" + registry.alternation(words.split("|")) + r")\b")


def _split(text: str, whole: str, sentence: list[_Tok], pcts: list[_Tok]) -> bool:
    """A payment split in parts where one part stays here and another goes "directly"/"outside" ("50% through here
    and the other 50% directly", "a third here, rest by transfer", "половину здесь, остальное напрямую"): two
    percentages or a fraction-here part, a word for here, and an outgoing part that does not name here."""
    parts = (
        len(pcts) >= 2
        or (pcts and _rest().search(whole) is not None)
        or any("off_near" in t.roles and _here().search(t.key) for t in sentence)
    )
    if not parts or not _here().search(whole):
        return False
    return any(_outgoing(text, t) for t in sentence)


def _outgoing(text: str, tok: _Tok) -> bool:
    """A part that leaves; a bare OUT ("outside") only when it ends the clause ("70% outside", not "outside the US")."""
    if not tok.roles & _OUTGOING or _here().search(tok.key):
        return False
    return bool(tok.roles & (_OUTGOING - {"out"})) or _WEAK_CHANNEL_TAIL.match(text, tok.end) is not None


def _paid_by_rail(text: str, sentence: list[_Tok]) -> list[_Tok]:
    """PAY_ME with a payment RAIL a few words before or after it ("pode me pagar via Pix?", "bana Papara ile öde",
    "оплатите мне на Сбер"): being paid on a named rail, question or not; ACCEPT likewise ("Western Union works for
    me", "me sirve Zelle", "Pix pode ser"): agreeing to be paid on it."""
    for pm in sentence:
        if not pm.roles & _PAID:
            continue
        for rail in sentence:
            if "rail" in rail.roles and rail is not pm:
                gap = rail.start - pm.end if rail.start >= pm.end else pm.start - rail.end
                between = text[pm.end : rail.start] if rail.start >= pm.end else text[rail.end : pm.start]
                # one clause ("ça me va, PayPal" is one): not "pay me on time please, I use Revolut for my bills"
                if "pay_me" not in pm.roles and not _ACCEPT_GAP.fullmatch(between):
                    continue  # accepting: the rail itself is the subject or object ("the gift card design is fine")
                if 0 <= gap <= _RAIL_GAP and ("," not in between or between.strip() == ","):
                    return [pm, rail]
    return []


_PROPOSE_GAP = re.compile(r"\s*(?:[\w'’]+\s+){0,2}?(?:(?:a|an|the|la|el|o|le|den|die|das)\s+)?$")
_INSTEAD_GAP = 24
_BYPASS_AFTER_END = re.compile(
    r"\s*(?:$|[.,!?;:)(]|(?:hai|hain|he|h|yaar|yar|bhai|main|mai|hum|ok|okay|theek|chalega|karte|kar|karo|rakho|please|"
    r"pls|lol|ya|aja|aje|deh|saja|bro|kak|gan|çalışalım|çalişalim|calisalim|yapalım|yapalim|devam|edelim|ödeyin|odeyin|öde)\b)"
)
"""What may follow a postposed "without"/"no need" ("escrow ki zaroorat nahi hai", "escrow olmadan çalışalım"): the end
of the clause, an auxiliary or a proposal verb, not the rest of a statement ("... ke bina project track karna")."""
_PRODUCT_AFTER = re.compile(
    r"\s*(?:express|checkout|sandbox|api|sdk|integration|button|plugin|gateway|payments?\s+(?:as|in|on|for)|"
    r"[^.!?\n,;]{0,16}?\b(?:for|in|on|as|to)\s+(?:the|our|my|a|an)\s+(?!(?:rest|remaining|balance|payment|invoice|deposit|"
    r"transfer|project|job|work|order|milestone|next|first|second|final|last)\b)[a-z]{3,})"
)
"""After a proposed rail, what makes it the product's payment method: a product word, or "for/in/as the <thing>" that
is not the work or its payment ("PayPal for the store", "crypto as an option in the shop", "Wise for the payouts")."""
_ESCROW_END = re.compile(
    r"\s*(?:$|[.,!?;:)(]|(?:for\s+(?:this|that|it|now|the\s+rest|the\s+remaining|(?:the|this)\s+(?:project|job|work|one|"
    r"payment|order)|us|me|you|both)|on|this|that|between|and|with|since|because|as|i|i'?ll|we|you|just|here|entirely|"
    r"altogether|completely|at\s+all|anymore|thing|stuff|please|pls|ok|okay|con|com|y|e|et|und|"
    r"(?:para|por|pra|pour|per|f[üu]r)\s+(?:esto|este|esta|eso|isso|isto|(?:este|esse|ce|dieses|questo)\s+(?:proyecto|projeto|"
    r"projet|projekt|progetto|trabajo|trabalho)|el\s+resto|o\s+resto|le\s+reste|den\s+rest|ti|m[ií]|nosotros|n[óo]s|nous|uns|"
    r"agora|ahora|maintenant|jetzt)|"
    r"entre|zwischen|dla|ile|untuk|dan|если|для|между|и|і|я|мы|ми|це|это|this\s+time|now|then|lol)\b)"
)
"""What may follow the escrow word left out: the end of the clause or a function word, not a noun it modifies
("skip the milestone review meeting" skips a meeting)."""
_BYPASS_GAP = re.compile(
    r"\s*(?:(?:the|a|an|any|this|that|our|el|la|los|las|lo|o|os|as|a|le|les|l'|den|die|das|der|il|i|gli)\s*)?$"
)


def _rail_proposed(text: str, whole: str, sentence: list[_Tok]) -> list[_Tok]:
    """A payment rail proposed to the reader: PROPOSE right before it ("can we use PayPal", "how about Zelle?",
    "давай через Сбер", "bora de Pix?") or INSTEAD after it in the clause ("crypto instead?", "PayPal en vez")."""
    from .payment import FEE_TOPIC_RE  # "let's use PayPal for the app's checkout" is the product's payments

    if FEE_TOPIC_RE.search(whole):
        return []
    for i, rail in enumerate(sentence):
        if "rail" not in rail.roles:
            continue
        if _PRODUCT_AFTER.match(text, rail.end):
            continue  # "how about PayPal Express for the store?", "use Wise for the payouts": the product's payments
        for prev in reversed(sentence[max(0, i - 3) : i]):
            if "propose" in prev.roles and _PROPOSE_GAP.fullmatch(text, prev.end, rail.start):
                return [prev, rail]
        for nxt in sentence[i + 1 : i + 3]:
            gap = text[rail.end : nxt.start]
            if "instead" in nxt.roles and len(gap) <= _INSTEAD_GAP and not re.search(r"[,;]", gap):
                return [rail, nxt]
    return []


_BANK_GAP = 40
_DETAILS_VERBS = frozenset({"offer", "request", "yours"})  # "I'll send you my IBAN", "send me your IBAN", "your IBAN?"


def _bank_details(text: str, whole: str, sentence: list[_Tok]) -> list[_Tok]:
    """Payment details offered or asked for: OFFER ("I'll send you", "here are", "send me your", "te paso", "скину")
    a few words before BANK ("bank details", "account number", "payment link", "RIB", "реквизиты"), in one clause;
    or a rail's own link ("a PayPal link"). The platform's own money path (SELF), product talk and negations keep it
    benign ("enter your bank details in the payout settings", "the form asks users for their IBAN")."""
    from .payment import FEE_TOPIC_RE

    if _has(sentence, "self") or FEE_TOPIC_RE.search(whole):
        return []
    for i, tok in enumerate(sentence):
        if "bank" in tok.roles:
            end = tok.end
        else:  # a rail's own link: "a PayPal link"
            link = _RAIL_LINK.match(text, tok.end) if "rail" in tok.roles else None
            if link is None:
                continue
            end = link.end()
        after = sentence[i + 1] if i + 1 < len(sentence) else None
        verb_after = after is not None and after.roles & {"offer", "request"} and not text[end : after.start].strip()
        if not verb_after and not _DETAILS_END.match(text, end):
            continue  # "the account number field": a thing named after them, not the details
        for prev in reversed(sentence[max(0, i - 3) : i]):
            gap = text[prev.end : tok.start]
            if prev.roles & _DETAILS_VERBS and len(gap) <= _BANK_GAP and not re.search(r"[,;]", gap):
                if not _negated(text, sentence, prev, set()):
                    return [prev, tok]
        nxt = sentence[i + 1] if i + 1 < len(sentence) else None  # verb-final: "bank details bhej deta hoon"
        if nxt is not None and nxt.roles & {"offer", "request"} and not text[tok.end : nxt.start].strip():
            return [tok, nxt]
    return []


_DETAILS_END = re.compile(
    r"\s*(?:$|[.,!?;:)(]|(?:for\s+(?:the\s+)?(?:rest|payment|balance|remaining|transfer)|so|after|later|tomorrow|today|"
    r"tonight|now|to|in\s+(?:a|dm|private)|via|by|below|here|there|privately|directly|and|then|if|when|once|asap|"
    r"please|pls|y|e|et|und|para|pra|pour|per|für|f[üu]r|после|чтобы|и|і|щоб|por|ac[aá]|aqu[ií]|abajo|luego|ahora|ya|j[aá]|"
    r"ici|gleich|sofort|,)\b)"
)
_RAIL_LINK = re.compile(r"\s+(?:payment\s+|pay\s+|checkout\s+)?link\b")


def _escrow_bypassed(text: str, sentence: list[_Tok]) -> list[_Tok]:
    """Leaving the platform's own money path: BYPASS right before an ESCROW word ("let's skip escrow", "no need for
    milestones between us", "sem escrow, confio em você"). A negation before it keeps it ("I never work without
    escrow"); warnings are REPORT ("without escrow you're unprotected")."""
    for i, tok in enumerate(sentence[1:], start=1):
        prev = sentence[i - 1]
        if "escrow" in tok.roles and "bypass" in prev.roles and _BYPASS_GAP.fullmatch(text, prev.end, tok.start):
            if _ESCROW_END.match(text, tok.end) and not _negated(text, sentence, prev, set()):
                return [prev, tok]
        # verb-final languages put it after: "escrow ki zaroorat nahi", "escrow olmadan", "escrow gak usah"
        if (
            "escrow" in prev.roles
            and "bypass_after" in tok.roles
            and not text[prev.end : tok.start].strip()
            and _BYPASS_AFTER_END.match(text, tok.end)  # not "milestone ke bina project track karna mushkil hai"
        ):
            return [prev, tok]
    return []


def _payment(doc: Doc, whole: str, text: str, sentence: list[_Tok]) -> None:
    pays = [t for t in sentence if "pay" in t.roles or "rail" in t.roles or "pay_me" in t.roles]
    offs = [t for t in sentence if "off" in t.roles]
    pcts = [t for t in sentence if "pct" in t.roles]
    offs += [
        t
        for t in sentence
        if "off_near" in t.roles
        and "off" not in t.roles
        and not _here().search(t.key)  # "half here" is the part that stays: only a split with an outgoing part
        and any(abs(p.start - t.start) <= _NEAR for p in pays + pcts if p is not t)
    ]
    fees = [t for t in sentence if "fee" in t.roles]
    avoids = [t for t in sentence if "avoid" in t.roles]
    core: list[_Tok] = []
    split = _split(text, whole, sentence, pcts) and (
        bool(pays) or not any(_STAT_AFTER.match(text, t.end) for t in pcts)  # "30% of the traffic ..., 70% local"
    )
    if split:
        offs = [t for t in sentence if _outgoing(text, t)]
    if offs and (pays or fees or avoids or split):
        strong_off = any("off" in t.roles for t in offs)
        if strong_off or split or not _has(sentence, "self"):
            core = offs + pays + fees + avoids + pcts
    fees_avoided = [f for f in fees if _platform_fee(text, f) and any(abs(a.start - f.start) <= _NEAR for a in avoids)]
    if not core and not _has(sentence, "self"):
        core = _paid_by_rail(text, sentence) or _rail_proposed(text, whole, sentence)
    if not core:
        core = _escrow_bypassed(text, sentence) or _bank_details(text, whole, sentence)
    if not core and avoids and (fees_avoided or (pcts and (pays or offs))):
        from .payment import FEE_TOPIC_RE  # the fee-as-a-topic words the phrase rules use too

        if not FEE_TOPIC_RE.search(whole) and not _has(sentence, "self"):
            core = avoids + fees_avoided + pcts + pays
    if not core:
        return
    first = min(core, key=lambda t: t.start)
    if _negated(text, sentence, max(core, key=lambda t: t.start), set()):
        return
    span = doc.span(doc.dec, first.start, max(t.end for t in core))
    doc.add(
        "payment",
        span,
        "off-platform payment",
        0.9,
        f"Off-platform payment proposal: “{doc.text[span[0] : span[1]]}”",
    )
