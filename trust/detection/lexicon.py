"""Word lists and compiled patterns shared by the normaliser and the detectors.

Why one module: the six supported languages (en, es, pt, fr, de, hi-Latn) each add words to the same
few roles (number words, "at"/"dot" words, platform names, intent and negation cues). Keeping the data
together makes a new language a data change, not a code change. Every pattern here is linear-time:
no nested quantifier can match the same character two ways.
"""

from __future__ import annotations

import re
from functools import cache

from . import registry

HOMOGLYPHS: dict[str, str] = dict(
    zip(
        "авеёкмнорстухѕіїјԁɡһԛԝӏոսցօАВЕКМНОРСТХЅІЈҮԀԚԜαβεικνορτυχγωΑΒΕΖΗΙΚΜΝΟΡΤΥΧıℓⅼɑｏǀ∣﹫․‧。｡∙⋅ꓸ",
        "abeekmhopctyxsiijdghqwlnugoABEKMHOPCTXSIJYDQWabeikvoptuxywABEZHIKMNOPTYXillaoll@.......",
        strict=True,
    )
)
"""Cyrillic/Greek/other characters that render like ASCII, folded so "gmаil" (Cyrillic а) is gmail."""

SYMBOL_SEPARATORS = frozenset("•·●▪︎★☆✦✧✨➖➡→⇒|¦")
"""Non-ASCII symbols senders put between digit groups; folded to a space."""

# --- "at" / "dot" words -------------------------------------------------------------------------------
_OTHER_SCRIPT_AT = (
    *"ät miukumauku miuku krøllalfa krollalfa papaki strudel chiocciolina".split(),
    "a còng",
    *"co6aka co6aчka pabлиk пecиk".split(),  # собака собачка равлик песик, as registry.fold reads them
)
"""'@' as German slang ("ät"), Finnish, Norwegian, Vietnamese, Greek, Hebrew, Russian ("собака"), Ukrainian. Written as
a message reaches the patterns: Cyrillic look-alike letters folded to Latin (a test checks these against registry.fold;
this module cannot call it while it is being imported)."""
_OTHER_SCRIPT_DOT = ("piste", "punktum", "chấm", "toчka", "tчk", "kpaпka", "teleia")  # точка тчк крапка, folded
"""'.' in Finnish, Vietnamese, Russian, Ukrainian, Greek (romanised)."""
SYMBOL_WORDS: dict[str, str] = {
    spelling: value
    for value, spellings in (
        (
            "@",
            "at|arroba|arobase|arrobas|at the rate|at the rate of|at sign|at symbol|@|et|a|chiocciola|apenstaartje|"
            "apestaart|malpa|małpa|zavinac|zavináč|snabel-a|snabela|snabel a|sobaka|kukac|klammeraffe|"
            + "|".join(_OTHER_SCRIPT_AT),
        ),
        (
            ".",
            "dot|dott|punto|ponto|point|punkt|period|daat|dat|.|punt|kropka|tecka|tečka|nokta|tochka|titik|punct|pont|"
            + "|".join(_OTHER_SCRIPT_DOT),
        ),
        ("_", "underscore|under score|guion bajo|sublinhado|tiret bas|unterstrich|underline"),
        ("/", "slash|barra|schrägstrich|forward slash"),
        ("-", "dash|hyphen|guion|hifen|hífen|tiret|bindestrich"),
    )
    for spelling in spellings.split("|")
}
"""Spelled symbols. "et"/"a" only count inside brackets ("(a)"), see SYMBOL_WORD_RE."""

_SPELLED_AT_OTHER = (
    r"chiocciola|apenstaartje|apestaart|ma[lł]pa|zavin[aá][cč]|snabel[\s\-]?a|sobaka|kukac|klammeraffe|"
    + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(_OTHER_SCRIPT_AT, key=len, reverse=True))
)
"""'@' in Italian, Dutch, Polish, Czech, Swedish/Danish/Norwegian, Russian (romanised), Hungarian, German slang."""
_SPELLED_AT = r"at\s+the\s+rate(?:\s+of)?|at\s+sign|at\s+symbol|arrobas?|arobase|" + _SPELLED_AT_OTHER + "|at"
_SPELLED_DOT = r"dott?|punto|ponto|point|punkt|period|daat|punt|kropka|te[cč]ka|nokta|tochka|titik|punct|pont|" + (
    "|".join(re.escape(w) for w in sorted(_OTHER_SCRIPT_DOT, key=len, reverse=True))
)
_SPELLED_OTHER = (
    r"forward\s+slash|slash|barra|schrägstrich|under\s+score|underscore|guion\s+bajo|sublinhado|tiret\s+bas|unterstrich|underline|"
    r"dash|hyphen|guion|h[ií]fen|tiret|bindestrich"
)
SYMBOL_WORD_RE = re.compile(
    r"\s*[(\[{<]\s*(?P<word>" + _SPELLED_AT + "|" + _SPELLED_DOT + "|" + _SPELLED_OTHER + r"|et|a|@|\.)\s*[)\]}>]\s*"
    r"|(?<=[a-z0-9_])\s+(?P<word2>arrobas?|arobase|at\s+the\s+rate(?:\s+of)?|at\s+sign|at\s+symbol|"
    + _SPELLED_AT_OTHER
    + "|"
    + _SPELLED_DOT
    + "|"
    + _SPELLED_OTHER
    + r")\s+(?=[a-z0-9])"
    r"|(?<=[a-z0-9])\s+(?P<word3>dot)(?=(?:com|net|org|io|co)\b)"
)
AT_WORD_RE = re.compile(r"(?<=[a-z0-9_])\s+(?P<word2>at)\s+(?=[a-z0-9])(?![^\s@]*@)(?!\S+\s+at\s)")
"""Plain "at" is ordinary English/German ("call me at 5"), so it is decoded only in the email view."""

SPACED_RUN = re.compile(r"(?<!\S)(?:[a-z0-9.@:/_\-] ){4,}[a-z0-9.@:/_\-](?=[\s:,;!?)]|$)")
SPACED_RUN_TRIGGER = re.compile(r" (?<=(?<!\S)\S )\S \S \S \S(?!\S)")
"""Five one-character words in a row ("f i v e s"), asked only whether it occurs: the search starts at a literal
space (the lookbehind puts the first character back), so the engine skips from space to space (~3x faster)."""

# '@' with space after it (and maybe before), " . " with spaces both sides, spaces after "://"
SQUEEZE_RE = re.compile(
    r"(?<=[a-z0-9_])(?:\s+@\s+|@\s+)(?=[a-z0-9])"
    r"|(?<=[a-z0-9])\s+\.\s*(?=[a-z0-9])"
    r"|(?<=[a-z0-9])\.\s+(?=(?:com|net|org|io|co|de|fr|es|br|in|me|dev|app|ru|uk|pt)\b)"
    r"|(?<=:)\s+(?=//)|(?<=//)\s+(?=[a-z0-9])|(?:(?<=http)|(?<=https))\s+(?=:)"
    r"|(?<=\.)[a-z](?: [a-z]){1,2}(?![^\W_])"
)

# --- provider and platform spelling variants ----------------------------------------------------------
ALIASES: dict[str, str] = {
    spelling: value
    for value, spellings in (
        ("gmail", "the google mail|google mail|g mail|gmaii|gmai1|gmial|gamil|gmal|gmil|gmaill|gmali"),
        ("hotmail", "hot mail|h0tmail|hotmial|hotmai1|hotmaii"),
        ("outlook", "out look|0utlook|outl00k|outlok"),
        ("yahoo", "yah00|yaho0|yahooo|ya hoo"),
        ("icloud", "i cloud"),
        ("protonmail", "proton mail|pr0tonmail"),
        ("whatsapp", "whats app"),
        ("cashapp", "cash app"),
        ("linkedin", "linked in"),
        ("tiktok", "tik tok"),
        ("kakaotalk", "kakao talk"),
        ("facebook", "face book"),
        ("instagram", "insta gram"),
        ("snapchat", "snap chat"),
        ("paypal", "pay pal"),
        ("paypal.me", "pay pal me"),
        ("westernunion", "western union"),
        ("moneygram", "money gram"),
        ("gpay", "google pay"),
        ("applepay", "apple pay"),
        ("phonepe", "phone pe"),
        ("banktransfer", "bank transfer|wire transfer"),
    )
    for spelling in spellings.split("|")
}
_alias_alt = "|".join(sorted((re.escape(k).replace(r"\ ", r"[\s\-]+") for k in ALIASES), key=len, reverse=True))
ALIAS_RE = re.compile(r"\b(?:" + _alias_alt + r")\b")

# --- number words -----------------------------------------------------------------------------------
NUMBER_WORDS: dict[str, str] = {}
for _digit, _words in enumerate(
    (
        "zero oh o cero zéro shunya shoonya sunya shuny null nul",
        "one uno una um uma un une eins ein ek",
        "two dos dois duas deux zwei zwo do",
        "three tres três trois drei teen tin",
        "four cuatro quatro quatre vier char chaar",
        "five cinco cinq fünf fuenf funf paanch panch paach",
        "six seis meia sechs chhe chhah chah che chhai",
        "seven siete sete sept sieben saat sat",
        "eight ocho oito huit acht aath ath",
        "nine nueve nove neuf neun nau nou",
    )
):
    for _w in _words.split():
        NUMBER_WORDS[_w] = str(_digit)
TENS_WORDS: dict[str, int] = {}
for _value, _words in (
    (10, "ten diez dez dix zehn"),
    (11, "eleven once onze elf"),
    (12, "twelve doce doze douze zwölf zwoelf"),
    (13, "thirteen trece treze treize dreizehn"),
    (14, "fourteen catorce catorze quatorze vierzehn"),
    (15, "fifteen quince quinze fünfzehn fuenfzehn"),
    (16, "sixteen dieciseis dieciséis dezesseis dezasseis seize sechzehn"),
    (17, "seventeen diecisiete dezessete dezassete siebzehn"),
    (18, "eighteen dieciocho dezoito achtzehn"),
    (19, "nineteen diecinueve dezenove dezanove neunzehn"),
    (20, "twenty veinte vinte vingt vingts zwanzig"),
    (21, "veintiuno veintiún"),
    (22, "veintidos veintidós"),
    (23, "veintitres veintitrés"),
    (24, "veinticuatro"),
    (25, "veinticinco"),
    (26, "veintiseis veintiséis"),
    (27, "veintisiete"),
    (28, "veintiocho"),
    (29, "veintinueve"),
    (30, "thirty treinta trinta trente dreißig dreissig"),
    (40, "forty fourty cuarenta quarenta quarante vierzig"),
    (50, "fifty cincuenta cinquenta cinquante fünfzig fuenfzig"),
    (60, "sixty sesenta sessenta soixante sechzig"),
    (70, "seventy setenta septante siebzig"),
    (80, "eighty ochenta oitenta huitante octante achtzig"),
    (90, "ninety noventa nonante neunzig"),
):
    for _w in _words.split():
        TENS_WORDS[_w] = _value
GERMAN_COMPOUND = re.compile(
    r"(ein|zwei|drei|vier|fünf|fuenf|sechs|sieben|acht|neun)und(zwanzig|dreißig|dreissig|vierzig|fünfzig|fuenfzig|"
    r"sechzig|siebzig|achtzig|neunzig)"
)
"""German tens are written unit-first in one word: "vierunddreißig" is 34."""
AMBIGUOUS_NUMBER_WORDS = frozenset(
    "o oh un une um uma una uno ein do tin char che sat ath nou meia sept e y et once doze seize elf ten dez".split()
)
"""Number words that are also common words; they may sit inside a digit run but never start/end one."""

MULTIPLIERS: dict[str, int] = {
    "double": 2,
    "triple": 3,
    "doble": 2,
    "duplo": 2,
    "dupla": 2,
    "doppel": 2,
    "doppelte": 2,
    "dreifach": 3,
    "treble": 3,
    "tripla": 3,
    "triplo": 3,
}
FILLERS_ONE_WORD = frozenset("then and y e et und aur phir luego depois puis dann plus".split())
FILLER_PHRASES_KEYS = frozenset(
    {
        "last four",
        "last 4",
        "area code",
        "followed by",
        "ending in",
        "ending with",
        "ends with",
        "ends in",
        "starts with",
        "and then",
    }
)
LEET_DIGITS = str.maketrans({"o": "0", "l": "1", "i": "1"})

_num_alt = "|".join(sorted((re.escape(w) for w in (*NUMBER_WORDS, *TENS_WORDS)), key=len, reverse=True)) + (
    "|" + GERMAN_COMPOUND.pattern
)
_mult_alt = "|".join(MULTIPLIERS)
_fill_alt = "|".join(
    sorted([re.escape(w).replace(r"\ ", r"\s+") for w in FILLER_PHRASES_KEYS | FILLERS_ONE_WORD], key=len, reverse=True)
)
_LEET = r"\b(?=[0-9oil]*\d)(?=[0-9]*[oil])[0-9oil]{2,}"
LEET = _LEET
_ITEM = r"(?:\d+|" + _LEET + "|" + _fill_alt + "|" + _mult_alt + "|" + _num_alt + r")"
NUMERIC_RUN = re.compile(r"(?<![^\W_])" + _ITEM + r"(?:[\s,.\-/_()]{1,4}" + _ITEM + r"(?![^\W_]))+(?![^\W_])")
RUN_TOKEN = re.compile(
    r"last\s+four|last\s+4|area\s+code|followed\s+by|ending\s+(?:in|with)|ends\s+(?:in|with)|starts\s+with|"
    r"and\s+then|[^\W_]+"
)


@cache
def common_words() -> frozenset[str]:
    """Frequent words of the languages served (data/common_words.txt): what a bare user name is not."""
    path = registry.DATA_DIR / "common_words.txt"
    return frozenset(w for w in path.read_text(encoding="utf-8").split() if not w.startswith("#"))


# --- platforms (data/platforms.toml) ------------------------------------------------------------------
PLATFORM_ENTRIES = registry.entries("platforms")
PLATFORMS: dict[str, tuple[str, ...]] = {e.key: e.aliases + e.weak for e in PLATFORM_ENTRIES}
WEAK_PLATFORM_ALIASES = frozenset(a for e in PLATFORM_ENTRIES for a in e.weak)
"""Aliases that are also ordinary words or letters: they only count right next to a handle or number."""
MESSENGERS = frozenset(e.key for e in PLATFORM_ENTRIES if e.group in ("messenger", "meeting"))
"""Platforms where a phone number is the account: a number offered next to them is a messenger account."""
PLATFORM_GROUPS: dict[str, str] = {e.key: e.group for e in PLATFORM_ENTRIES}
PLATFORM_RE = re.compile(
    r"(?<![\w@./#$:-])(?:" + registry.trie_pattern(a for v in PLATFORMS.values() for a in v) + r")(?![\w@]|\.[a-z])"
)
PLATFORM_CANON: dict[str, str] = {a: k for k, v in PLATFORMS.items() for a in v}

SAME_NAME_RE = re.compile(
    r"\bsame\s+(?:user\s*name|username|name|handle|id|nick|@)|\bunder\s+(?:my|the\s+same)\s+name|"
    r"\bsearch\s+(?:for\s+)?my\s+name|\bmism[oa]\s+(?:nombre|usuario|user|nick)|\bmesm[oa]\s+(?:nome|usu[aá]rio|user|@)|"
    r"\bm[eê]me\s+(?:nom|pseudo|identifiant)|\bgleiche[nrs]?\s+(?:name|namen|benutzername|nutzername|handle)|"
    r"\bsame\s+naam|\bwahi\s+(?:naam|username|id)|\bsame\s+as\s+(?:here|my\s+profile)"
    r"|\bsame\s+as\s+(?:my\s+)?(?:user\s*name|username|name|handle|profile)\s+(?:here|on\s+this)"
)
"""The implied account: "same username as here", "mismo usuario", "même pseudo", "wahi naam"."""
SAME_NAME_STRONG_RE = re.compile(
    r"\bsame\s+(?:user\s*name|username|name|handle|id|nick|@)\s+as\s+(?:here|on\s+this|(?:in\s+)?my\s+profile|"
    r"this\s+(?:site|platform|app))|\bsame\s+as\s+here\b|\bmism[oa]\s+(?:usuario|nombre|nick)\s+(?:que\s+)?(?:aqu[ií]|de\s+aqu[ií])|"
    r"\bmesm[oa]\s+(?:usu[aá]rio|nome|@)\s+(?:daqui|que\s+aqui|de\s+aqui)|\bm[eê]me\s+(?:pseudo|nom)\s+qu'?\s*ici|"
    r"\bgleiche[nrs]?\s+(?:name|namen|benutzername|nutzername)\s+wie\s+hier|\bwahi\s+(?:naam|username|id)\s+jo\s+yaha"
)
"""Same-name phrases explicit enough to be an offer on their own ("same username as here on Telegram")."""

# --- payment brands (data/payments.toml) -------------------------------------------------------------
PAYMENT_ENTRIES = registry.entries("payments")
PAYMENT_BRANDS: tuple[str, ...] = tuple(a for e in PAYMENT_ENTRIES for a in e.aliases + e.weak)
WEAK_PAYMENT_ALIASES = frozenset(a for e in PAYMENT_ENTRIES for a in e.weak)
"""Rail names that are also ordinary words ("wise", "wire", "maya"): they count only right next to an identifier."""
PAYMENT_CANON: dict[str, str] = {a: e.key for e in PAYMENT_ENTRIES for a in e.aliases + e.weak}
HANDLE_RAILS = frozenset(e.key for e in PAYMENT_ENTRIES if e.handle)
"""Rails with their own user names: a handle-shaped token right after the name is an account on it."""
PAYMENT_GROUPS: dict[str, str] = {e.key: e.group for e in PAYMENT_ENTRIES}
_PAYMENT_CANON_COMPACT: dict[str, str] = {re.sub(r"[\s\-]", "", a): k for a, k in PAYMENT_CANON.items()}


def payment_key(alias: str) -> str:
    """Canonical rail key of a matched alias ("Cash-App" -> "cashapp")."""
    alias = alias.lower()
    return PAYMENT_CANON.get(alias) or _PAYMENT_CANON_COMPACT.get(re.sub(r"[\s\-]", "", alias), alias)


PAYMENT_BRAND_RE = re.compile(
    r"(?<![\w.@/])(?:" + registry.trie_pattern(PAYMENT_BRANDS, space=r"[\s\-]*") + r")(?![\w@])"
)
PAYMENT_TECH_RE = re.compile(
    r"\b(?:api|apis|sdk|integrat\w*|checkout|webhooks?|gateway|plugin|button|ipn|sandbox|payouts? api|"
    r"merchant|customers?|clientes|kunden|option|supported|validation|limit|article|blog|landing|exchange|"
    r"bot|bots|app development|integration|integración|integração|intégration|"
    r"support(?:ed|s)? by the platform|for withdrawals)\b"
)

UPI_HANDLES: tuple[str, ...] = tuple(dict.fromkeys(registry.load("payments")["upi_handles"]["handles"]))
MAIL_PROVIDERS: dict[str, str] = dict(
    pair.split("=")
    for pair in (
        "gmail=gmail.com googlemail=googlemail.com hotmail=hotmail.com outlook=outlook.com yahoo=yahoo.com "
        "icloud=icloud.com protonmail=protonmail.com proton=proton.me gmx=gmx.net aol=aol.com zoho=zoho.com "
        "yandex=yandex.com live=live.com mail=mail.com web=web.de rediffmail=rediffmail.com tutanota=tutanota.com "
        "uol=uol.com.br bol=bol.com.br orange=orange.fr free=free.fr laposte=laposte.net t-online=t-online.de "
        "libero=libero.it msn=msn.com me=me.com"
    ).split()
)
PLACEHOLDER_DOMAINS = frozenset(
    "acme.com bar.com beispiel.de company.com domain.com dominio.com email.com.br email.test example.com "
    "example.edu example.net example.org exemple.com exemplo.com foo.com localhost mydomain.com mysite.com "
    "sample.com site.com test.com website.com yourcompany.com yourdomain.com yoursite.com".split()
)
PLACEHOLDER_LOCALS = frozenset(
    "admin bar email example foo info jane.doe janedoe john.doe johndoe mail name no-reply nombre nome noreply "
    "prenom.nom sample seunome someone test user username usuario vorname.nachname you your your.name yourname".split()
)
FILE_EXTENSION_TLDS = frozenset(
    "ai al am as bz cc cl cr cs cx do ec es6 fm gd gs hs ls md mk ml mm mov ms ne nu pl pm pro ps py rb re rs sc "
    "sh so sx ts tt vc ws zip".split()
)
"""Public suffixes that are also common file extensions or code-token suffixes: a bare "x.py" is a file."""

WORD_TLDS = frozenset(
    "am an as at be by de do email es eu go here how in is it la life live love me my name new no now ok on one "
    "run sa so team to top tv us work works".split()
)
"""TLDs that collide with words, so "done.it" or "point.de" in prose needs contact context."""

COMMON_TLDS = frozenset(
    "academy agency ai app ar art at au audio be biz blog br ca cc ch cl cloud cn co codes com company consulting "
    "de design dev digital ee email es fm fr gallery gg group ie in info io it jp kr life link live ly marketing "
    "me media music mx net nl nz one online org page pe photo photography pl portfolio pro pt ru se services shop "
    "site so software solutions space store studio team tech to tv uk us ve video work works world xyz za".split()
)

# --- context cues ---------------------------------------------------------------------------------------
PHONE_CONTEXT_RE = re.compile(
    r"\b(?:call|calls|calling|phone|phones|number|numbers|num|no|nr|tel|tele|telephone|mobile|mob|cell|cellphone|"
    r"text|txt|sms|ring|dial|reach|contact|contacto|contato|whatsapp|wa|signal|viber|telegram|zelle|venmo|pix|"
    r"phonepe|paytm|gpay|upi|número|numero|teléfono|telefono|telefone|celular|cel|móvil|movil|llámame|llamame|"
    r"ligue|liga|ligar|me liga|appelle|appelez|appeler|téléphone|portable|numéro|nummer|handy|telefon|"
    r"anrufen|ruf|rufen|mera|meri|mujhe|karo|kar|lena|pe|hai|📱|☎|📞|at|on|me|is|via)\b"
)
STRONG_PHONE_CONTEXT_RE = re.compile(
    r"\b(?:call|calling|phone|number|tel|telephone|mobile|cell|cellphone|text|sms|ring|dial|whatsapp|"
    r"signal|viber|telegram|zelle|venmo|pix|phonepe|paytm|gpay|número|numero|teléfono|telefono|telefone|celular|"
    r"móvil|movil|llámame|llamame|ligue|ligar|appelle|appelez|téléphone|portable|numéro|nummer|handy|telefon|"
    r"anrufen|ruf mich|call kar|phone kar|whtsapp|whtsp|wtsp|zap|reach me|contact me|text me|area code|cell|last four|"
    r"bizum|mb\s?way|nequi|daviplata|yape|plin|paytm|phonepe|gpay|google pay|mpesa|m-pesa|easypaisa|jazzcash|"
    r"starts with|ends with|digits|hmu|hit me up|mob|ph|tlf|tel\.|fone|cel\.?|móvel|movel|mobil|mobilnummer|"
    r"handynummer|"
    + registry.alternation(
        (
            "номер номера телефон звони звоните позвони позвоните набери мобильный мій дзвони подзвони зателефонуй "
            "мобільний zalo sđt sdt nomor nomorku telpon telepon numaram numarası numarasi arayın arayin telefonum "
            "numer numeru zadzwoń zadzwon cellulare chiamami telefonami hubungi telfon gọi thoại"
        ).split()
        + ["beni ara", "bana ulaş", "điện thoại"]
    )
    + r")\b"
)
NUMBER_NEGATIVE_RE = re.compile(
    r"(?:\b(?:order|orders|invoice|inv|ticket|isbn|issn|ref|reference|tracking|sku|zip|postcode|postal|cep|plz|"
    r"serial|routing|account|acct|iban|case|po|transaction|txn|booking|confirmation|pedido|factura|fatura|"
    r"commande|facture|bestellung|rechnung|id|ids|nº|no\.|version|build|ein|ssn|vat|tax|gst|cpf|cnpj|rut|nif|"
    r"siret|pnr|awb|receipt|item|model|part|patent|lot|batch|record|"
    + registry.alternation(
        (
            "заказ заказа заказу счёт счета счет инвойс трек артикул договор договора версия версии сборка дом дома "
            "квартира кабинет комната замовлення рахунок рахунку версія pesanan faktur tagihan resi versi sipariş "
            "siparis fatura sürüm surum zamówienie zamowienie zamówienia faktura faktury wersja ordine fattura "
            "versione đơn hàng hóa đơn mã"
        ).split()
    )
    + r")\b|#)\W{0,3}(?:\w+\W{1,3}){0,2}$"
)

NEGATION_RE = re.compile(
    r"\b(?:never|not|don't|dont|do not|won't|wont|will not|cannot|can't|no|nunca|jamais|jamás|jamas|nicht|"
    r"niemals|kein|keine|nahi|nahin|mat|nem|não|nao|ne|pas|only|solo|sólo|apenas|seulement|nur|sirf|"
    r"against|forbidden|prohibited|not allowed|rules|policy|tos)\b"
)


# --- word-set triggers ------------------------------------------------------------------------------------
# Why sets: a big word alternation costs a regex attempt at every character; one `findall` of the words and
# a set intersection decides in microseconds whether a whole family of patterns can match at all.
WORD_RE = re.compile(r"[^\W_]+")
_COMMON = frozenset("the i we out in me g ya app pay a an of to".split())
SYMBOL_TRIGGER_WORDS = frozenset(
    "dot dott punto ponto point punkt period daat arroba arrobas arobase rate sign symbol underscore score "
    "bajo sublinhado bas unterstrich underline dash hyphen guion hifen hífen tiret bindestrich slash barra "
    "schrägstrich dotcom dotnet dotorg dotio chiocciola apenstaartje apestaart malpa małpa zavinac zavináč "
    "snabel snabela sobaka kukac klammeraffe punt kropka tecka tečka nokta tochka titik punct pont".split()
) | frozenset(w for phrase in (*_OTHER_SCRIPT_AT, *_OTHER_SCRIPT_DOT) for w in phrase.split() if len(w) > 1)
ALIAS_TRIGGER_WORDS = frozenset(w for key in ALIASES for w in key.split()) - _COMMON
NUMBER_TRIGGER_WORDS = (
    (frozenset(NUMBER_WORDS) | frozenset(TENS_WORDS)) - AMBIGUOUS_NUMBER_WORDS
    | frozenset(MULTIPLIERS)
    | frozenset("then last area followed ending ends starts luego depois puis dann phir".split())
)


_VENUE_WORDS = frozenset(
    "platform plataforma plateforme plattform piattaforma platformy platformu platformei platformą platforma site "
    "sitio website app aplicación aplicativo here this that the through without going not with from for your you our "
    "their into onto over under".split()
)
"""Words that name this platform itself: "off the platform" must wake the detectors through "off", not "platform"."""


def trigger_words(aliases: object) -> frozenset[str]:
    """Words whose presence means an alias may be in the text: a one-word alias itself; for a phrase its
    least common word ("the green app" -> "green"), so "and" or "you" never wake the detectors up."""
    common = common_words() | _VENUE_WORDS
    out: set[str] = set()
    for alias in aliases:  # type: ignore[attr-defined]
        words = WORD_RE.findall(alias)
        if len(words) == 1:
            out.add(words[0])
        elif words:
            rare = [w for w in words if len(w) > 2 and w not in common and w not in _COMMON]
            plain = [w for w in words if len(w) > 2 and w not in _VENUE_WORDS and w not in _COMMON]
            out.update(rare or [max(plain or words, key=len)])
    return frozenset(out) - _COMMON


PLATFORM_TRIGGER_WORDS = trigger_words(a for v in PLATFORMS.values() for a in v if a not in WEAK_PLATFORM_ALIASES)
WEAK_TRIGGER_WORDS = trigger_words(WEAK_PLATFORM_ALIASES | WEAK_PAYMENT_ALIASES) - PLATFORM_TRIGGER_WORDS
"""Weak aliases ("snap", "line", "wise") wake the detectors only with a colon or an invitation nearby."""
BRAND_TRIGGER_WORDS = trigger_words(a for a in PAYMENT_BRANDS if a not in WEAK_PAYMENT_ALIASES) - {"m", "e", "mb"}
SOLICIT_TRIGGER_WORDS = frozenset(
    "fee fees commission comision comisión comissao comissão taxa taxas frais gebuhr gebühr gebühren gebuhren "
    "provision charges off outside fuera fora dehors hors ausserhalb außerhalb vorbei bahar directly direct direkt "
    "direto directo directamente directement seedha págame pagame paie payez westernunion moneygram abrechnen "
    "régler regler passer pasar passar plattform plateforme plataforma bina".split()
)
ANY_TRIGGER_WORDS = (
    SYMBOL_TRIGGER_WORDS
    | ALIAS_TRIGGER_WORDS
    | NUMBER_TRIGGER_WORDS
    | PLATFORM_TRIGGER_WORDS
    | BRAND_TRIGGER_WORDS
    | SOLICIT_TRIGGER_WORDS
    | frozenset(MAIL_PROVIDERS) - _COMMON - {"mail", "web", "live", "free", "orange"}
    | {"area"}
)
INTENT_TRIGGER_WORDS = trigger_words(
    registry.fold(phrase)
    for table in registry.load("intent").values()
    for role in ("off", "off_near", "fee", "avoid", "channel", "out")
    for phrase in table.get(role, ())
) - frozenset(
    "account another autre better between books both call compte cuenta cut different entre free hand here leur main "
    "minha moins nombre nosotros number número other otra outro parte personal phone save service side site their "
    "this under unter video win without andere bank".split()
)
INTENT_TRIGGER_WORDS |= trigger_words(
    registry.fold(phrase)
    for table in registry.load("intent").values()
    for role in ("away", "complaint", "private")
    for phrase in table.get(role, ())
)
"""Words without which no payment proposal or generic-channel invitation can be made (see intent.py)."""
PAY_ME_WORDS = trigger_words(
    registry.fold(phrase)
    for table in registry.load("intent").values()
    for role in ("pay_me", "accept", "propose", "instead")
    for phrase in table.get(role, ())
)
RAIL_TRIGGER_WORDS = trigger_words(registry.fold(a) for a in PAYMENT_BRANDS) | trigger_words(PAYMENT_BRANDS)
"""PAY_ME, ACCEPT, PROPOSE or INSTEAD words with a rail's name ("pode me pagar via Pix?", "can we use PayPal
instead?"): a payment on a named rail (intent.py)."""
BYPASS_WORDS = trigger_words(
    registry.fold(phrase)
    for table in registry.load("intent").values()
    for role in ("bypass", "bypass_after")
    for phrase in table.get(role, ())
)
SELF_WORDS = trigger_words(
    registry.fold(phrase)
    for table in registry.load("intent").values()
    for role in ("self", "escrow")
    for phrase in table.get(role, ())
)
BANK_WORDS = trigger_words(
    registry.fold(phrase) for table in registry.load("intent").values() for phrase in table.get("bank", ())
)
"""Payment details ("bank details", "RIB", "реквизиты"): offered or asked for, they are a payment (intent.py)."""
OFFER_WORDS = trigger_words(
    registry.fold(phrase)
    for table in registry.load("intent").values()
    for role in ("offer", "request", "yours")
    for phrase in table.get(role, ())
)
"""Offering or asking for them ("I'll send you my", "pásame tu", "your"): with BANK words, a payment (intent.py)."""
"""BYPASS words with the platform's own money path ("let's skip escrow", "sem escrow"): leaving it (intent.py)."""
INVITE_TRIGGER_WORDS = frozenset(
    w
    for w in trigger_words(
        registry.fold(phrase)
        for table in registry.load("intent").values()
        for role in ("invite", "invite_strong", "invite_send", "ask", "request")
        for phrase in table.get(role, ())
    )
    if len(w) > 2
)
"""Invitation words: with a weak platform alias ("podemos seguir no zap?") they wake the scanner."""


def _intent_words(role: str) -> frozenset[str]:
    return frozenset(
        w
        for table in registry.load("intent").values()
        for phrase in table.get(role, ())
        for w in WORD_RE.findall(registry.fold(phrase))
        if len(w) > 1 and w != "il"
    )


_IMPLIED_STOP = _COMMON | _VENUE_WORDS | frozenset("the first attached file name company display web site".split())
IMPLIED_WHAT_WORDS = frozenset(
    w
    for phrases in registry.load("implied")["what"].values()
    for p in phrases
    for w in WORD_RE.findall(registry.fold(p))
    if len(w) > 2 and w not in _IMPLIED_STOP
)
SAME_NUMBER_WORDS = frozenset(
    w
    for p in registry.load("implied")["same"]["numbers"]
    for w in WORD_RE.findall(registry.fold(p))
    if len(w) > 2 and w not in ("the", "same", "mismo", "mesmo", "que", "yang")
)
"""Words of the same-number phrases ("тот же номер", "nomornya sama"): with a platform's name, even a weak one
("WA nomornya sama"), they wake the implied rules (implied.py)."""
SELF_NAME_WORDS = frozenset({"known", "only", "by"})
"""With a weak platform alias ("on insta I go by maria.draws") these wake the self-naming rule (implied.py)."""
IMPLIED_WHERE_WORDS = frozenset(
    w
    for p in registry.load("implied")["where"]["places"]
    for w in WORD_RE.findall(registry.fold(p))
    if len(w) > 2 and w not in _IMPLIED_STOP
)
"""What can be pointed at and where it is shown ("my number's in my portfolio pdf"): both together wake implied.py."""
CONTACT_NOUN_WORDS = _intent_words("contact_noun")
YOURS_WORDS = _intent_words("yours")
MINE_WORDS = frozenset("my mi meu minha mon ma mein meine mój moj".split())
"""A request for the reader's contact ("what's your number?") names no platform: both word sets together wake it."""
BANK_TRIGGER_WORDS = frozenset(
    "swift bic iban clabe cbu cvu bsb ifsc routing aba pfp avatar bio cv resume banner watermark profile same search "
    "google perfil profil profilbild currículo curriculo lebenslauf".split()
)
"""Words that announce an identifier with no digits or @ of its own: a SWIFT/BIC code, "the number in my profile
picture", "my username is the same on IG" (see wallets.py, implied.py)."""


def wakes(words: frozenset[str] | set[str] | list[str], low: str) -> bool:
    """The lexicon part of the scanner's cheap gate: could a word-triggered detector fire on this text?"""
    if ANY_TRIGGER_WORDS.intersection(words) or INTENT_TRIGGER_WORDS.intersection(words):
        return True
    if BANK_TRIGGER_WORDS.intersection(words):
        return True
    if CONTACT_NOUN_WORDS.intersection(words) and (YOURS_WORDS.intersection(words) or MINE_WORDS.intersection(words)):
        return True
    if IMPLIED_WHAT_WORDS.intersection(words) and IMPLIED_WHERE_WORDS.intersection(words):
        return True
    if BYPASS_WORDS.intersection(words) and SELF_WORDS.intersection(words):  # "let's not use the milestones"
        return True
    if BANK_WORDS.intersection(words) and OFFER_WORDS.intersection(words):  # "I'll send you my bank details"
        return True
    if (
        SAME_NUMBER_WORDS.intersection(words) or SELF_NAME_WORDS.intersection(words)
    ) and WEAK_TRIGGER_WORDS.intersection(words):
        return True
    return bool(WEAK_TRIGGER_WORDS.intersection(words)) and (
        ":" in low
        or "=" in low
        or bool(INVITE_TRIGGER_WORDS.intersection(words))
        or any(sep in low for sep in _HANDLE_ARROWS)
        or ("my " in low and " is " in low)  # "my tg is marcodev"
    )


_HANDLE_ARROWS = (" - ", "»", ">", "~", " | ", "   ")
"""Separators between a weak alias and its handle other than ':' ("ig - jane", "ig » jane", "ig => jane"; an arrow
such as "→" or "➜" folds to a space, so "tg ➜ jane" reads "tg   jane")."""


_DISPLAY: dict[str, str] = {e.key: e.display for e in (*PLATFORM_ENTRIES, *PAYMENT_ENTRIES)} | {
    a: e.display for e in (*PLATFORM_ENTRIES, *PAYMENT_ENTRIES) for a in e.aliases
}


def display(name: str) -> str:
    """Brand spelling for messages shown to people ("WhatsApp", not "Whatsapp")."""
    return _DISPLAY.get(name) or _DISPLAY.get(PLATFORM_CANON.get(name, PAYMENT_CANON.get(name, "")), name.title())
