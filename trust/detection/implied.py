"""Implied identifiers: where to look the sender up, or an identifier shown somewhere else.

Why: "search janedesigns on behance", "my username is the same on IG" and "my number is in my profile
picture" carry no address the other detectors can see, yet each one reaches the sender off the platform.
Three shapes, with their words in `data/implied.toml`: LOOKUP verb + name + on/in + platform; a SAME-name
phrase next to a platform; and WHAT (number, email, link, contact details) + in/on + WHERE (profile picture,
bio, CV, attachment, watermark...).
"""

from __future__ import annotations

import re
from functools import cache

from . import lexicon, registry
from .document import Doc


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], dict[str, str], frozenset[str]]:
    data = {  # phrases written in another script ("аватарка", "найди") are folded as a message is (registry.fold)
        section: {key: [registry.fold(" ".join(p.split())) for p in phrases] for key, phrases in table.items()}
        for section, table in registry.load("implied").items()
    }
    what: dict[str, str] = {}
    for kind, phrases in data["what"].items():
        for phrase in phrases:
            what[phrase] = kind
    places = registry.trie_pattern(data["where"]["places"], space=r"\s+")
    preps = registry.trie_pattern(data["where"]["preps"], space=r"\s+")
    verbs = registry.trie_pattern(data["lookup"]["verbs"], space=r"\s+")
    same = registry.trie_pattern(data["same"]["phrases"] + data["same"]["numbers"], space=r"\s+")
    platforms = registry.trie_pattern(lexicon.PLATFORM_CANON, space=r"[\s\-]+")
    pointer = re.compile(
        r"\b(?P<what>" + registry.trie_pattern(what, space=r"\s+") + r")\b[^.!?\n]{0,30}?\b(?:" + preps + r")\s+"
        r"(?:(?:my|the|mi|mis|meu|minha|mon|ma|mes|mein|meinem|meiner|meri|mera|il|la|le|mijn|moje|benim|saya|meu)\s+)?"
        r"(?P<where>" + places + r")\b"
    )
    lookup = re.compile(
        r"\b(?:"
        + verbs
        + r")\s+(?:(?:for|me|as|under|por|como|comme|als|nach)\s+)?(?:@?(?P<name>[a-z0-9][a-z0-9._\-]{2,30})"
        r"|[\"“'‘«„](?P<qname>[^\"”'’»\n]{3,40})[\"”'’»“])"
        # "в", "у", "на" fold to "b", "y", "ha"
        r"\s+(?:on|in|at|en|no|na|sur|auf|bei|pe|su|op|w|di|în|da|de|b|y|ha|trong|tr[eê]n|ở)\s+(?:the\s+)?"
        r"(?P<platform>" + platforms + r")\b"
    )
    same_re = re.compile(r"\b(?:" + same + r")\b")
    words = frozenset(
        w
        for section in ("what", "where", "lookup", "same")
        for phrases in data[section].values()
        for phrase in phrases
        for w in lexicon.WORD_RE.findall(phrase)
        if len(w) > 3
    )
    return pointer, lookup, same_re, what, words


_STOP_NAMES = frozenset("me you us him her it them my your the a an this that here there for me".split())
_SENTENCE_END = re.compile(r"[.!?\n]")
_FIRST_PERSON = re.compile(
    r"\b(?:my|mine|i|i'm|im|me|find|add|follow|mi|mis|meu|minha|mon|ma|mes|mein|meine|meinen|mera|meri|mio|mia|mijn|"
    r"moje|mój|benim|saya|aku|meu|numele meu)\b"
)
_MINE = re.compile(
    r"\b(?:my|mine|i'?m|i|mi|mis|meu|minha|mon|ma|mes|mein|meine|meinem|meiner|mio|mia|mijn|moje|mój|benim|saya|aku|"
    r"mera|meri)\b"
)


_AS_HERE = re.compile(  # "kak", "здecь", "tyt": Cyrillic "как", "здесь", "тут" as registry.fold reads them
    r"[\s,]*(?:as|like|que|qu'|wie|come|kak|jak|gibi|như|seperti|dengan)?\s*(?:here|on\s+here|aqu[ií]|ici|hier|qui|"
    r"здecь|tyt|tutaj|burada|ở\s+đây|di\s+sini)\b"
)
"""After a same-name phrase: "... as here" makes it explicit without a first-person word."""


@cache
def _same_words() -> frozenset[str]:
    """Words of the same-name phrases (folded): without one of them no same-name rule can fire."""
    return frozenset(
        w
        for key in ("phrases", "numbers")
        for p in registry.load("implied")["same"][key]
        for w in lexicon.WORD_RE.findall(registry.fold(p))
        if len(w) > 2 and w not in lexicon.common_words()
    ) | {"same", "mismo", "mesmo", "même", "gleicher", "wahi", "stesso", "aynı", "dezelfde"}


def _number_gate(words: frozenset[str]) -> bool:
    return bool(
        words & lexicon.SAME_NUMBER_WORDS
        and (words & lexicon.PLATFORM_TRIGGER_WORDS or words & lexicon.WEAK_TRIGGER_WORDS)
    )


@cache
def _number_phrases() -> frozenset[str]:
    """Same-NUMBER phrases (folded): a number shown elsewhere, stated with a platform, needs no first-person word."""
    return frozenset(" ".join(registry.fold(p).split()) for p in registry.load("implied")["same"]["numbers"])


_QUANTITY_AFTER = re.compile(
    r"\s*(?:of|de|di|do|da|del|des|van|von|z|ve|dari)\b(?!\s+(?:(?:my|mi|meu|minha|o|a|el|the|mon|mein|mio)\s+)?"
    r"(?:phone|mobile|cell|celular|telefone|tel[eé]fono|telefono|m[oó]vil|whatsapp|zap|perfil|profile|cadastro|contato|"
    r"contacto|t[eé]l[eé]phone|portable|handy)\b)"
)
"""After a same-number phrase: "the same number of workers" is a count, not a phone ("o mesmo número do celular" is)."""


@cache
def _number_tail() -> re.Pattern[str]:
    """What may follow a same-number phrase: the clause's end, a preposition ("on telegram"), a comparison ("as my
    phone", "que", "как"): the number is the sentence's object, not an adjective ("the same number format")."""
    words = (
        "on in at for en no na em sur auf bei di as like que como wie come than that da do del de dari yang ya nhé nha "
        "pls please too also también também there here aqui aquí hier ici в на у как что і та и там тут здесь "
        "yaz ekle ara write text call add escribe escríbeme llama manda пиши напиши звони пишіть"
    ).split()
    return re.compile(r"\s*(?:$|[.,!?;:)\-—–]|(?:" + registry.alternation(words) + r")\b)")


@cache
def _mine_words() -> frozenset[str]:
    """First-person possessives written in another script, folded like a message ("мой", "мій", "của mình")."""
    return frozenset(registry.fold(w) for w in "мой моя мою моё мое мій моя мою mình tôi benim".split())


_TRIGGERS = frozenset(
    "profile pic pfp avatar bio cv resume banner watermark attachment search google same look busca pesquisa procura "
    "cherche cherchez googlea googeln googel suche such sucht cerca cari arat szukaj wyszukaj zoek procure pesquise "
    "busque".split()
)


_SELF_SEARCH = re.compile(
    r"\b(?:google|search(?:\s+for)?|look\s+up|type|enter|put|busca|busque|pesquisa|pesquise|procura|procure|cherche[sz]?|tape|googl[ea]|"
    r"googeln?|such(?:e|t)?|"
    r"cerca|cari|ara|arat|szukaj|wyszukaj|zoek)\s+(?:my\s+(?:full\s+)?name|me\s+up|mi\s+nombre|meu\s+nome|mon\s+nom|"
    r"meinen\s+(?:vollen\s+)?namen|il\s+mio\s+nome|nama\s+(?:saya|aku|lengkap\s+saya)|ad[ıi]m[ıi]|moje\s+imi[eę]|"
    r"mijn\s+naam|numele\s+meu)\b"
)
"""The reader is told to search for the sender ("google my name, ... first result", "busca mi nombre")."""
_NOT_SELF_SEARCH = re.compile(
    r"\b(?:don'?t|do\s+not|never|no\s+need|won'?t|nicht|não|nao|jangan|here|on\s+this\s+(?:site|platform)|"
    r"on\s+the\s+platform|in\s+the\s+(?:list|directory|search\s+bar)|aqu[ií]|aqui|ici|hier|di\s+sini)\b"
)


_SELF_NAME_STRONG = "i'm known as|i am known as|known as|i go by|go by|i'm the only|i am the only|the only one called"
_SELF_NAME_WEAK = (
    "i'm|i am|im|soy|sou|je suis|ich bin|mình là|minh la|tôi là|toi la|saya|aku|ben|я|меня зовут|мене звати|"
    "me llamo|my name is|my name's|como|comme|als|come"
)
_ADD_ME = (
    "add me|find me|follow me|message me|dm me|text me|write me|kết bạn|ket ban|nhắn|agr[eé]game|a[gñ]ademe|"
    "b[uú]scame|me adiciona|me add|me segue|me chama|добавляйся|добавь|додавай|пиши|напиши|tambahin|ekle|"
    "ajoute-moi|schreib mir|hinzu|me encuentras|me encontras|me encontrar|tu me trouves|vous me trouverez|"
    "findest du mich|mi trovi|you'll find me|you can find me|find me"
)


@cache
def _self_name() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Self-naming on a platform without a handle's shape: "on telegram I'm known as pixelmaria", "telegram: I'm
    Maria Lopez, add me", "zalo mình là Nguyễn Văn An, kết bạn nhé", "I'm the only 'Kostya Petrov' on telegram"."""
    platforms = registry.trie_pattern(lexicon.PLATFORM_CANON, space=r"[\s\-]+")

    def alt(words: str) -> str:
        return "|".join(sorted({registry.fold(w) for w in words.split("|")}, key=len, reverse=True))

    name = (
        r"(?:[\"“'‘«](?P<qname>[^\"”'’»\n]{3,40})[\"”'’»“]"
        r"|(?P<name>[^\W\d_][\w.\-]{1,30}(?:\s+[^\W\d_][\w.\-]{1,30})?))"
    )
    preps = r"(?:on|in|at|en|no|na|sur|auf|bei|di|trên|ở|b|ha|y)"  # "в", "на", "у" fold to "b", "ha", "y"
    after = re.compile(  # platform, then the self-naming
        r"(?:\b" + preps + r"\s+)?\b(?P<platform>" + platforms + r")\b(?P<colon>\s*[:\-–—=]|\s*,)?\s*"
        r"(?P<intro>" + alt(_SELF_NAME_STRONG) + "|" + alt(_SELF_NAME_WEAK) + r")\s+" + name
    )
    before = re.compile(  # self-naming, then the platform
        r"\b(?P<intro>" + alt(_SELF_NAME_STRONG) + r")\s+" + name + r"\s+(?:on|in|at|en|no|na|sur|auf)\s+"
        r"(?:the\s+)?(?P<platform>" + platforms + r")\b"
    )
    return after, before, re.compile(r"\b(?:" + alt(_ADD_ME) + r")")


@cache
def _self_name_words() -> frozenset[str]:
    return frozenset(
        w
        for phrase in (_SELF_NAME_STRONG + "|" + _SELF_NAME_WEAK).split("|")
        for w in lexicon.WORD_RE.findall(registry.fold(phrase))
        if w not in ("i", "m", "am", "the", "my", "is", "s", "as", "by", "go", "one")
    ) | {"known", "only"}


def _self_name_gate(words: frozenset[str]) -> bool:
    return bool(
        (words & _self_name_words() or _GO_BY <= words)
        and (words & lexicon.PLATFORM_TRIGGER_WORDS or words & lexicon.WEAK_TRIGGER_WORDS)
    )


_GO_BY = frozenset({"go", "by"})


def _capitalised(doc: Doc, start: int, end: int) -> int:
    """How many words of the original text under [start, end) of the decoded view begin with a capital."""
    a, b = doc.dec.origin(start, end)
    return sum(1 for w in doc.text[a:b].split() if w[:1].isupper())


def _self_naming(doc: Doc) -> None:
    after, before, add_me = _self_name()
    text = doc.dec.text
    strong = set(_SELF_NAME_STRONG.split("|"))
    for m in (*after.finditer(text), *before.finditer(text)):
        intro = " ".join(m.group("intro").split())
        quoted = m.group("qname") is not None
        name = (m.group("qname") or m.group("name")).strip()
        first = name.split()[0]
        if not quoted and first in lexicon.common_words() and not re.search(r"[._\d]", first):
            if _capitalised(doc, m.start("name"), m.end("name")) < (1 if intro in strong else 2):
                continue  # "known as the best" / "I'm a designer"; "I go by Maria on Behance" is a name
        if intro not in strong and not quoted:
            clause_end = _SENTENCE_END.search(text, m.end())
            starts = [e.end() for e in _SENTENCE_END.finditer(text, 0, m.start())]
            # the whole sentence: "me encuentras en facebook como Lucía Torres" asks before it names
            clause = text[starts[-1] if starts else 0 : clause_end.start() if clause_end else len(text)]
            colon = "colon" in m.re.groupindex and m.group("colon")
            full = _capitalised(doc, m.start("name"), m.end("name")) >= 2
            if not (full and (colon or add_me.search(clause))):
                continue  # "on LinkedIn I'm a designer", "in Telegram I am busy"
        alias = " ".join(m.group("platform").split())
        platform = lexicon.PLATFORM_CANON.get(alias, alias)
        span = doc.span(doc.dec, m.start(), m.end())
        doc.add("social", span, f"{platform}:{name}", 0.8, f"Names themself on {lexicon.display(platform)}: {name}")
        return


def detect_implied(doc: Doc) -> None:
    """Add findings for look-ups, same-name handles next to a platform, and pointers to shown identifiers."""
    if (
        not doc.words & _TRIGGERS
        and not doc.words & _same_words()
        and not _number_gate(doc.words)
        and not _self_name_gate(doc.words)
        and not doc.words & {"perfil", "profil", "profilbild", "currículo", "curriculo"}
        and not (doc.words & lexicon.IMPLIED_WHAT_WORDS and doc.words & lexicon.IMPLIED_WHERE_WORDS)
    ):
        return
    pointer, lookup, same_re, what, _words = _patterns()
    text = doc.dec.text
    for m in pointer.finditer(text):
        start = max(0, m.start() - 40)
        if not (_MINE.search(text, start, m.end()) or doc.words & _mine_words()) and not doc.words & _TRIGGERS:
            continue  # "the phone number field in the first image": a design note, not the sender's details
        key = " ".join(m.group("what").split())
        kind = what.get(key, "social")
        span = doc.span(doc.dec, m.start(), m.end())
        where = " ".join(m.group("where").split())
        doc.add(kind, span, f"shown in {where}", 0.8, f"Points to {key} shown in the {where}")
        if kind != "social":
            doc.add("social", span, f"shown in {where}", 0.75, f"Points to {key} shown in the {where}")
    for m in lookup.finditer(text):
        name = m.group("name") or m.group("qname").strip()
        if m.group("qname") is not None:
            pass  # a quoted name ("search 'Jane Studio' on LinkedIn") is a name by the sender's own marking
        elif name in _STOP_NAMES or (name in lexicon.common_words() and not re.search(r"[._\d]", name)):
            continue
        platform = lexicon.PLATFORM_CANON.get(" ".join(m.group("platform").split()), m.group("platform"))
        span = doc.span(doc.dec, m.start("name") if m.group("name") else m.start("qname") - 1, m.end())
        doc.add("social", span, f"{platform}:{name}", 0.88, f"Look-up on {lexicon.display(platform)}: {name}")
    if _self_name_gate(doc.words):
        _self_naming(doc)
    for m in _SELF_SEARCH.finditer(text):
        clause = text[max(0, m.start() - 40) : m.end() + 60]
        if _NOT_SELF_SEARCH.search(clause):
            continue
        span = doc.span(doc.dec, m.start(), m.end())
        doc.add("social", span, "look-up: own name", 0.8, "Asks the reader to look the sender up by name")
    if doc.words & _same_words() or _number_gate(doc.words):
        for m in same_re.finditer(text):
            window_end = _SENTENCE_END.search(text, m.end())
            end = window_end.start() if window_end else len(text)
            start = max(0, m.start() - 60)
            cut = _SENTENCE_END.search(text[start : m.start()][::-1])
            if cut:
                start = m.start() - cut.start()
            found = lexicon.PLATFORM_RE.search(text, start, min(end, m.end() + 60))
            as_here = _AS_HERE.match(text, m.end()) is not None  # "такой же ник, как здесь": explicit on its own
            number = " ".join(m.group().split()) in _number_phrases()
            if number:
                start = max(0, m.start() - 40)  # "WhatsApp? same number": the platform may end the question before
                if _QUANTITY_AFTER.match(text, m.end()) or not _number_tail().match(text, m.end()):
                    continue
                found = next(  # a number is reached on a messenger ("viber: same as my phone"), not on Instagram
                    (
                        f
                        for f in lexicon.PLATFORM_RE.finditer(text, start, min(end, m.end() + 60))
                        if lexicon.PLATFORM_GROUPS.get(lexicon.PLATFORM_CANON.get(" ".join(f.group().split()), ""))
                        == "messenger"
                    ),
                    None,
                )
            if found is None or not (as_here or number or _FIRST_PERSON.search(text, start, end)):
                continue  # "LinkedIn has the same name field as our form": no account of the sender's
            alias = " ".join(found.group().split())
            platform = lexicon.PLATFORM_CANON.get(alias, alias)
            span = doc.span(doc.dec, min(m.start(), found.start()), max(m.end(), found.end()))
            doc.add("social", span, f"{platform}: same handle", 0.8, f"{lexicon.display(platform)} account (same name)")
