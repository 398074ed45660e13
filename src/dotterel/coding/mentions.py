"""Actors: the noun phrases that do and receive things, coded as country + sector.

A phrase is coded from its parts: a known name (office-holder, organisation, capital used
as a metonym, country), a possessive or adjectival country ("Russia's", "Syrian"), and a
sector noun or title ("government", "security forces", "ambassador"). Later mentions
(pronouns, "the two countries", "the diplomats") are resolved against the article's
earlier mentions, kept in a ``History`` that the pipeline passes from sentence to sentence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from dotterel.coding.antecedents import in_quotation, speakers_before
from dotterel.coding.arguments import nonactor_of_head
from dotterel.coding.labels import NAME_LABELS, ORG_LABEL, PERSON_LABEL
from dotterel.coding.names import in_person_name
from dotterel.knowledge.base import Entity, Knowledge, singulars
from dotterel.knowledge.codes import ORGANISATION_CODES
from dotterel.knowledge.grammar import Grammar

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Dependencies that end a noun phrase: clauses, coordination and side remarks.
_CUT_DEPS = {"relcl", "acl", "advcl", "conj", "cc", "punct", "appos", "prep", "preconj", "dep",
             "parataxis", "npadvmod", "predet"}
# Prepositional phrases kept inside an actor's phrase ("the president of Syria",
# "the ambassador to the UN", "the town of Rastan").
_KEEP_PREPS = {"of", "to", "for", "in"}
_MODIFIER_PRIORITY = {"poss": 0, "amod": 1, "compound": 2, "nmod": 2, "pobj": 3}


@dataclass(frozen=True)
class Coded:
    """A coded mention of an actor in a document (token and character offsets)."""

    text: str
    name: str
    country: str | None
    sector: str | None
    kind: str
    start: int
    end: int
    char_start: int
    char_end: int
    head: int
    plural: bool = False
    person: bool = False
    sentence: int = 0
    # What the head names when it is never a party (nonactors.tsv): cause, weapon, thing ...
    nonactor: str | None = None

    @property
    def coded(self) -> bool:
        """Whether the mention has at least a country or a sector."""
        return bool(self.country or self.sector)


@dataclass
class History:
    """The article's mentions so far, for resolving later references (one per document).

    ``catch_up``, when given, is called before every read: the pipeline codes the phrases
    it has put off (most articles never ask, and coding every phrase was most of the
    coder's own time)."""

    mentions: list[Coded] = field(default_factory=list)
    catch_up: Callable[[], None] | None = None
    # The country the story is filed from (its dateline's), counted as its first mention.
    home: str | None = None

    def add(self, mention: Coded) -> None:
        """Remember a coded mention."""
        if mention.coded:
            self.mentions.append(mention)

    def so_far(self) -> list[Coded]:
        """The mentions so far, in reading order."""
        if self.catch_up is not None:
            self.catch_up()
        return self.mentions

    def main_country(self) -> str | None:
        """The country mentioned most often so far (ties: the earliest); a mention inside
        another of the same country is not counted again ("the US ambassador" and its "US")."""
        counts = Counter([self.home] if self.home else [])
        outer: tuple[int, str | None] = (-1, None)  # the end and country of the last phrase
        for m in sorted((m for m in self.so_far() if m.country and len(m.country) == 3
                         and m.country not in ORGANISATION_CODES),
                        key=lambda m: (m.char_start, -m.char_end)):
            if m.country is None or (m.char_end <= outer[0] and m.country == outer[1]):
                continue
            counts[m.country] += 1
            if m.char_end > outer[0]:
                outer = (m.char_end, m.country)
        return counts.most_common(1)[0][0] if counts else None


def _names_something(prep: Token) -> bool:
    """Whether a preposition's object is a name ("of Syria", "to the UN"), not "of torture"."""
    return any(g.dep_ == "pobj" and (g.pos_ == "PROPN" or g.ent_type_ in NAME_LABELS)
               for g in prep.children)


def phrase_bounds(head: Token) -> tuple[int, int]:
    """Token bounds [start, end) of the noun phrase headed by ``head``."""
    start, end = head.i, head.i + 1
    # A phrase kept after the head's coordination belongs to all of it ("police and students
    # in Dhaka"): it does not make the first word's phrase swallow the others.
    coordinated = min((c.i for c in head.children if c.dep_ in ("cc", "conj")), default=None)
    for child in head.children:
        if child.dep_ in _CUT_DEPS and not (
            child.dep_ == "prep" and child.lower_ in _KEEP_PREPS and child.i > head.i
            and _names_something(child) and (coordinated is None or child.i < coordinated)
        ) and not (
            # "his Iranian counterpart, Mostafa Najjar": the name belongs to the phrase.
            child.dep_ == "appos" and child.i > head.i
            and (child.pos_ == "PROPN" or child.ent_type_ == PERSON_LABEL)
        ):
            continue
        start = min(start, child.left_edge.i)
        end = max(end, child.right_edge.i + 1)
    doc = head.doc
    # Drop leading "both"/"either" and trailing punctuation from the span.
    while start < head.i and (doc[start].lower_ in ("both", "either", "neither", ",")
                              or doc[start].is_space):
        start += 1
    while end - 1 > head.i and doc[end - 1].is_punct:
        end -= 1
    return start, end


# Parts of speech a known name can start with ("Syrian", "Moscow", "UN", "al-Qaeda").
_NAME_START = {"PROPN", "NOUN", "ADJ", "X", "NUM", "VERB"}


def _matches(doc: Doc, start: int, end: int, knowledge: Knowledge, on: str | None) -> Iterator[
        tuple[int, int, Entity]]:
    """Longest known names inside the token range, left to right."""
    tokens = [doc[k] for k in range(start, end)]
    texts = [t.text_with_ws for t in tokens]
    # A possessive marker ends a name: "Russia's" is Russia.
    stops = [k for k, t in enumerate(tokens) if t.tag_ == "POS"] + [len(tokens)]
    limit = knowledge.max_name_words
    i = 0
    while i < len(tokens):
        found = None
        if tokens[i].pos_ in _NAME_START or tokens[i].is_title or tokens[i].is_upper:
            stop = min(s for s in stops if s >= i)
            longest = min(stop, i + limit)
            # (Most words start no known name: one test instead of a lookup per length.)
            if not knowledge.may_name(texts[i:longest]):
                i += 1
                continue
            for j in range(longest, i, -1):
                if tokens[j - 1].is_punct and j - 1 > i:
                    continue
                entities = knowledge.lookup("".join(texts[i:j]).strip(), on)
                if entities:
                    found = (start + i, start + j, entities[0])
                    break
        if found:
            yield found
            i = found[1] - start
        else:
            i += 1


def _titles_after(head: Token) -> list[Token]:
    """The titles told after a name, tagged as names: "Jo Bloggs, an Ottawa MP"."""
    return [c for c in head.children if c.dep_ == "appos" and c.i > head.i and c.pos_ == "PROPN"]


def _sector_of_head(doc: Doc, start: int, head: Token, knowledge: Knowledge) -> str | None:
    """Sector named by the head noun with its compounds ("security forces" -> COP)."""
    words = [t.lemma_.lower() for t in doc[start:head.i + 1]
             if t.dep_ in ("compound", "amod") or t.i == head.i]
    for k in range(min(len(words), knowledge.max_sector_words), 0, -1):
        sector = knowledge.sector_of(" ".join(words[-k:]))
        if sector:
            return str(sector)
    if head.tag_ in ("NNP", "NNPS") and head.is_title and head.ent_type_ in ("", "NORP"):
        # A capitalised plural tagged as a name keeps its plural as lemma ("Militiamen
        # attacked", "Protesters marched" at a sentence's start or in a headline, "Democrats").
        for singular in singulars(head.lower_):
            sector = knowledge.sector_of(" ".join([*words[:-1], singular]))
            if sector:
                return str(sector)
    # A title before a name: "President Dmitry Medvedev", "Foreign Minister Lavrov" (not a
    # unit owning a weapon: "artillery rounds" are no one).
    weapon = knowledge.nonactor_kind(" ".join(words)) == "weapon"
    for t in doc[start:head.i] if not weapon else ():
        sector = knowledge.sector_of(t.lemma_.lower())
        # Not a piece of a hyphenated title: the "General" of "Secretary-General".
        hyphenated = (t.i > 0 and doc[t.i - 1].text == "-") or (
            t.i + 1 < len(doc) and doc[t.i + 1].text == "-")
        if sector and t.dep_ == "compound" and not hyphenated:
            return str(sector)
    if head.pos_ == "PROPN":
        # A title after a name: "Jo Bloggs, an Ottawa MP," (its place is the seat's, not the
        # government's). One before it wins: "Senator Jo Bloggs, Republican from Texas".
        for title in _titles_after(head):
            sector = knowledge.sector_of(title.lemma_.lower())
            if sector:
                return str(sector)
    return None


def _relation(token: Token, head: Token) -> str:
    """How a modifier token hangs from the phrase head (poss, amod, compound, pobj)."""
    t = token
    while t.head.i != head.i and t.head.i != t.i:
        if t.dep_ == "pobj":
            return "pobj"
        t = t.head
    return t.dep_ if t.dep_ in _MODIFIER_PRIORITY else "compound"


def _role_sector(doc: Doc, start: int, head: Token, knowledge: Knowledge,
                 modifiers: list[tuple[int, int, Entity]], roles: frozenset[str]) -> str | None:
    """The sector of the body a role belongs to: "opposition leader" -> OPP, "the leader of
    the party" -> PTY, "a Hamas spokesman" -> Hamas's. None when the role stands alone (then
    the role's own sector, a government's, stands)."""
    role = head if head.lemma_.lower() in roles else next(
        (t for t in reversed(doc[start:head.i]) if t.dep_ == "compound"
         and t.lemma_.lower() in roles), None)
    if role is None:
        return None
    for t in reversed(doc[start:role.i]):
        sector = knowledge.sector_of(t.lemma_.lower())
        if sector and t.pos_ != "PROPN":
            return sector
    for prep in role.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for body in prep.children:
                if body.dep_ == "pobj":
                    own = knowledge.sector_of(body.lemma_.lower()) or next(
                        (s for c in body.children if c.dep_ in ("compound", "amod")
                         and (s := knowledge.sector_of(c.lemma_.lower()))), None)
                    if own:
                        return own
    orgs = [m[2].sector for m in modifiers if m[0] < role.i and m[2].sector
            and m[2].kind in ("org", "metonym")]
    return orgs[-1] if orgs else None


def may_have_country(doc: Doc, head: Token, bounds: tuple[int, int], knowledge: Knowledge,
                     grammar: Grammar) -> bool:
    """False only when ``code_phrase`` and ``resolve`` cannot give the phrase a country: no
    word of it may start a known name, and it is no pronoun, person's name, pair ("the two"),
    possessed noun ("his envoy") or title with "the" ("the president") that the history
    could resolve. ``bounds`` are the phrase's (``phrase_bounds``). Only mentions with a
    country are ever taken from the history, and most noun phrases name none."""
    if head.pos_ == "PRON" or head.tag_ in ("PRP", "PRP$") or head.lower_ in grammar.pair_words \
            or head.lower_ in grammar.compass_words:
        return True
    if head.pos_ == "PROPN" and (head.ent_type_ in (PERSON_LABEL, "") or any(
            c.dep_ == "appos" for c in head.children)):
        # A surname alone ("Zarif") is the person the article named before.
        return True
    if any((c.dep_ == "poss" and c.pos_ == "PRON") or c.lower_ in grammar.pair_words
           for c in head.children):
        return True
    start, end = bounds
    if head.pos_ == "NOUN" and head.tag_ not in ("NNS", "NNPS") \
            and any(c.lower_ == "the" for c in head.children):
        sector_words = knowledge.sector_words
        if any(w in sector_words or w in grammar.role_nouns or w in grammar.collective_nouns
               for t in doc[start:head.i + 1] for w in t.lemma_.lower().split()):
            return True
    words = [doc[k].text_with_ws for k in range(start, end)]
    return any(knowledge.may_name(words[k:]) for k in range(len(words)))


def code_phrase(doc: Doc, head: Token, knowledge: Knowledge, on: str | None, sentence: int = 0,
                bounds: tuple[int, int] | None = None,
                grammar: Grammar | None = None) -> list[Coded]:
    """Code the noun phrase headed by ``head``: one Coded per coordinated country modifier.

    With ``grammar``: a role ("leader", "spokesman") takes its body's sector, a former
    office-holder is an elite (ELI), and neither a party related to an owner ("Indonesia's
    donors") nor a place ("cities west of the capital") takes its owner's code."""
    roles = grammar.role_nouns if grammar else frozenset()
    lemma = head.lemma_.lower()
    related = grammar is not None and lemma in grammar.relational_nouns
    place = grammar is not None and lemma in grammar.place_nouns
    start, end = bounds or phrase_bounds(head)
    span = doc[start:end]
    matches = [m for m in _matches(doc, start, end, knowledge, on)
               if not in_person_name(doc, m, grammar, knowledge)]
    sector = _sector_of_head(doc, start, head, knowledge)
    plural = head.tag_ in ("NNS", "NNPS")
    person = head.ent_type_ == PERSON_LABEL
    text = span.text
    name = _clean_name(span)
    country: str | None = None
    kind = "group" if sector else "unknown"
    head_match = next((m for m in matches if m[0] <= head.i < m[1]), None)
    modifiers = [m for m in matches if m is not head_match]
    countries: list[str | None] = []
    # The country of a modifier that only says where the head is ("agreements in Tokyo").
    located: str | None = None
    if head_match:
        entity = head_match[2]
        country, kind = entity.country, entity.kind
        name = entity.name
        if entity.kind == "person":
            person = True
            sector = sector if sector and sector != entity.sector and _titled(doc, start, head) \
                else entity.sector
        elif entity.kind in ("country", "demonym"):
            sector = sector if sector and head.pos_ != "PROPN" else None
        else:
            # A known name's own sector wins over its words: "the European Union" is not
            # labour for containing "union".
            sector = entity.sector
    if modifiers:
        ranked = sorted(modifiers, key=lambda m: (
            _MODIFIER_PRIORITY.get(_relation(doc[m[1] - 1], head), 4),
            # A modifier before the head beats one after it: "the United Nations envoy for
            # Somalia" is the UN's.
            m[0] > head.i,
            # A country beats an organisation as owner: "Russia's UN ambassador" is RUS.
            0 if m[2].kind in ("country", "demonym", "capital") else 1, m[0]))
        # A relational noun's own nationality still counts: "his Chinese counterpart" and
        # "Russia's Syrian allies" are Chinese and Syrian; only an owner ("Russia's allies")
        # is another party.
        nationality = [m for m in ranked if related and m[2].kind == "demonym"
                       and _relation(doc[m[1] - 1], head) == "amod"]
        own = bool(nationality)
        ranked = nationality + [m for m in ranked if m not in nationality]
        best = ranked[0][2]
        located = best.country if _located_in(doc, ranked[0], head, grammar) else None
        if country is None and (not related or own):
            country = best.country
            if kind in ("unknown", "group"):
                kind = "group" if sector else best.kind
            if sector is None and best.kind in ("org", "metonym", "media", "capital") \
                    and best.sector and not (place and best.kind == "capital") \
                    and not (best.kind == "capital" and located is not None):
                sector = best.sector
        # "Russian and Chinese diplomats": coordinated country modifiers give one actor each.
        countries = [m[2].country for m in ranked
                     if m[2].kind in ("country", "demonym", "org")
                     and _is_conjoined(doc[m[0]], doc[ranked[0][0]])]
    # (Short-circuit: looking up every role's sector for every phrase cost 8% of coding.)
    if roles and (sector is None or any(knowledge.sector_of(r) == sector for r in roles)):
        sector = _role_sector(doc, start, head, knowledge, modifiers, roles) or sector
    if grammar is not None and sector in grammar.office_sectors:
        # The words of its title, before the name or after it.
        told = [*doc[start:head.i], *(w for t in _titles_after(head) for w in t.subtree)]
        if any(t.lower_ in grammar.former_words for t in told):
            # "former president", "ex-minister": an elite now, not the state.
            sector = "ELI"
    # The phrase names a person ("Russia's UN ambassador, Vitaly Churkin"): that is its name.
    named = next((m[2] for m in matches if m[2].kind == "person"), None)
    if named is not None:
        name, person = named.name, True
        country = country or named.country
        sector = sector or named.sector
    else:
        appos = [c for c in head.children if c.dep_ == "appos" and start <= c.i < end
                 and (c.pos_ == "PROPN" or c.ent_type_ == PERSON_LABEL)]
        if appos:
            name, person = _clean_name(doc[appos[0].left_edge.i:appos[0].right_edge.i + 1]), True
    if country is None and head.pos_ == "PROPN":
        # "Jo Bloggs, Iran's foreign minister," / "Maria Lopez, a Brazilian activist,": an
        # unknown name, or a title with no country ("Senator Ruiz, a Chilean lawmaker,"), is
        # what its appositive says it is.
        described = next((code_phrase(doc, c, knowledge, on, sentence, grammar=grammar)[0]
                          for c in head.children if c.dep_ == "appos" and c.i > head.i
                          and c.pos_ == "NOUN"), None)
        if described is not None and (described.country or (described.sector and not sector)):
            country, sector, person = described.country, sector or described.sector, True
            kind = "group" if sector else "person"
    if person and sector is None and country is None:
        kind = "person"
    if kind == "unknown" and head.ent_type_ == PERSON_LABEL:
        kind = "person"
    nonactor = None if sector or head_match else nonactor_of_head(doc, start, head, knowledge)
    if located is not None and country == located and (nonactor or (
            grammar is not None and head.lemma_.lower() in grammar.posted_nouns)):
        # "three agreements in Tokyo": where a thing is does not stand for it (its owner
        # does); nor does where diplomats are posted ("European diplomats in Geneva").
        country, kind = None, "unknown"
    base = Coded(text=text, name=name, country=country, sector=sector, kind=kind, start=start,
                 end=end, char_start=span.start_char, char_end=span.end_char, head=head.i,
                 plural=plural, person=person or (kind == "person"),
                 sentence=sentence, nonactor=nonactor)
    countries = _split_name(doc, head_match, knowledge, on) or countries
    if len(set(countries)) > 1:
        return [replace(base, country=c) for c in dict.fromkeys(countries)]
    return [base]


def _located_in(doc: Doc, match: tuple[int, int, Entity], head: Token,
                grammar: Grammar | None) -> bool:
    """Whether a modifier is where the head is ("agreements in Tokyo", "protesters in
    Moscow"): the city, not the government seated there."""
    token = doc[match[1] - 1]
    if grammar is None or _relation(token, head) != "pobj":
        return False
    while token.dep_ != "pobj" and token.head.i != token.i:
        token = token.head
    return token.head.lower_ in grammar.locative_preps


def _split_name(doc: Doc, head_match: tuple[int, int, Entity] | None, knowledge: Knowledge,
                on: str | None) -> list[str | None]:
    """The countries of coordinated first words sharing one name's last ("North and South
    Korea": North Korea and South Korea), when each makes a known country's name."""
    if head_match is None or head_match[2].kind != "country":
        return []
    first, last = doc[head_match[0]], doc[head_match[1] - 1]
    # "South" of "North and South Korea": a conjunct of a word ("North") that modifies the
    # name's last word ("Korea"), not of another whole name ("India and Pakistan").
    if first.i == last.i or first.dep_ != "conj" or first.head.i >= first.i \
            or first.head.head.i != last.i or first.head.dep_ not in ("nmod", "compound", "amod"):
        return []
    rest = doc[head_match[0] + 1:head_match[1]].text
    found: list[str | None] = []
    for word in (first.head, *first.head.conjuncts):
        if word.i == first.i:
            found.append(head_match[2].country)
            continue
        entities = knowledge.lookup(f"{word.text} {rest}", on)
        if not entities or entities[0].kind != "country":
            return []
        found.append(entities[0].country)
    return found


def _titled(doc: Doc, start: int, head: Token) -> bool:
    return any(t.dep_ == "compound" and t.pos_ != "PROPN" for t in doc[start:head.i])


def _is_conjoined(a: Token, b: Token) -> bool:
    """Whether two tokens are the same or coordinated ("Russian and Chinese")."""
    if a.i == b.i:
        return True
    return any(c.i == a.i for c in b.conjuncts)


def _clean_name(span: Span) -> str:
    """A phrase's text without leading determiners and possessive markers."""
    words = list(span)
    while words and words[0].pos_ in ("DET", "PRON") and words[0].dep_ in ("det", "predet"):
        words = words[1:]
    return " ".join(t.text for t in words if t.tag_ != "POS") or span.text


def resolve(mention: Coded, head: Token, history: History, grammar: Grammar) -> list[
        Coded]:
    """Resolve a pronoun or underspecified description against earlier mentions."""
    lower = head.lower_
    pron = grammar.pronouns
    if head.pos_ == "PRON" or head.tag_ in ("PRP", "PRP$"):
        if lower in pron.person:
            target = _last(history, mention, lambda m: m.person or (
                bool(m.sector) and not m.plural and m.kind not in ("country", "org", "capital")
                and _head_lemma(m) not in grammar.collective_nouns))
        elif lower in pron.thing:
            target = _last(history, mention, lambda m: not m.person and not m.plural)
        elif lower in pron.group:
            target = _last(history, mention, lambda m: m.plural or m.kind in (
                "org", "country", "capital", "metonym", "group"))
        elif lower in pron.self and in_quotation(head):
            # "I", "we" quoted: the last speaker named before, outside quotation marks.
            said = speakers_before(head, grammar)
            target = _last(history, mention, lambda m: (m.person or bool(m.sector))
                           and m.head in said)
        else:
            return [mention]
        return [_inherit(mention, target, full=True)] if target else [mention]
    if (not mention.coded or (mention.person and not mention.sector)) and head.pos_ == "PROPN" \
            and (mention.person or head.ent_type_ in (PERSON_LABEL, ORG_LABEL, "")):
        # (The tagger reads a lone surname as an organisation now and then.)
        # "Zarif", after "Iran's foreign minister Javad Zarif": the same person, as coded then
        # (the article's title beats a knowledge base that knows the name but no office on
        # the day; a name it does not know at all is whatever the article called it, even
        # with no country yet: "Jo Bloggs, a ministry spokesman").
        surname = head.lower_
        target = _last(history, mention, lambda m: (m.person or bool(m.sector)) and surname in {
            w.lower() for w in (m.name.split()[-1:] + m.text.split(",")[0].split()[-1:])},
            country=False)
        if target is not None:
            return [_inherit(mention, target, full=True)]
    if not mention.country and head.pos_ == "NOUN" and not mention.plural and (
            mention.sector or head.lemma_.lower() in grammar.collective_nouns) \
            and any(c.lower_ == "the" for c in head.children):
        # "the president", "the association": the one the article named with that word.
        title = head.lower_
        target = _last(history, mention, lambda m: m.sector == mention.sector
                       and title in m.text.lower().split())
        if target is not None:
            return [replace(mention, country=target.country,
                            name=target.name if target.person else mention.name,
                            person=target.person or mention.person)]
    if not mention.country and head.pos_ == "NOUN" and mention.plural and mention.sector \
            and all(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
        # "the envoys", after "Ugandan and Tanzanian envoys": every country those were.
        word = head.lower_
        target = _last(history, mention, lambda m: m.plural and m.sector == mention.sector
                       and word in m.text.lower().split())
        if target is not None:
            countries = dict.fromkeys(
                m.country for m in history.so_far() if m.country
                and (m.char_start, m.char_end) == (target.char_start, target.char_end))
            return [replace(mention, country=c) for c in countries]
    # "the two countries", "both sides", "the two": the last two distinct actors.
    numbers = {c.lower_ for c in head.children} | {head.lower_}
    # (Not a phrase that names its own: "two Hamas militants".)
    if numbers & grammar.pair_words and not mention.country and (
        head.lemma_.lower() in grammar.country_nouns or head.lower_ in grammar.pair_words
        or mention.sector
    ):
        states = head.lemma_.lower() in grammar.country_nouns
        pair = _last_pair(history, mention, countries=states)
        if pair:  # ("the two countries" are the states, whoever spoke for them before)
            return [replace(mention, country=p.country, kind="country") if states
                    else _inherit(mention, p, full=True) for p in pair]
    if lower in grammar.compass_words and not mention.country \
            and any(c.lower_ == "the" for c in head.children):
        # "the North", in a story that named North Korea: North Korea.
        target = _last(history, mention, lambda m: m.kind == "country"
                       and m.name.lower().startswith(lower + " "))
        if target is not None:
            return [_inherit(mention, target, full=True)]
    lemma = head.lemma_.lower()
    if lemma in grammar.peer_nouns and mention.country and not mention.sector:
        # "his Chinese counterpart": China's holder of whatever office "his" holds.
        owner = next((c for c in head.children if c.dep_ == "poss" and c.pos_ == "PRON"
                      and c.lower_ in pron.referring), None)
        if owner is not None:
            ref = resolve(replace(mention, country=None), owner, history, grammar)[0]
            if ref.sector:
                return [replace(mention, sector=ref.sector)]
    if not mention.country and lemma not in grammar.relational_nouns:
        # (Not "its allies", "his counterpart": those are others, not the owner's people.)
        owner = next((c for c in head.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
        if owner is not None and owner.lower_ in pron.referring:
            # "his envoy": the envoy of whoever "his" is.
            ref = resolve(replace(mention, sector=None), owner, history, grammar)[0]
            if ref.country:
                return [replace(mention, country=ref.country)]
    return [mention]


def same_sector(mention: Coded, history: History, within: int = 2) -> Coded | None:
    """The last earlier mention of the same sector with a country, a sentence or two back."""
    return _last(history, mention, lambda m: m.sector == mention.sector
                 and mention.sentence - m.sentence <= within)


def _head_lemma(m: Coded) -> str:
    return m.name.split()[-1].lower().rstrip("s") if m.name else ""


def _last(history: History, mention: Coded, accept: Callable[[Coded], bool],
          country: bool = True) -> Coded | None:
    for m in reversed(history.so_far()):
        if m.char_start >= mention.char_start:
            continue
        if (m.country or not country) and accept(m):
            return m
    return None


def _last_pair(history: History, mention: Coded, countries: bool) -> list[Coded]:
    """The two most recent mentions with different codes (or countries)."""
    found: list[Coded] = []
    for m in reversed(history.so_far()):
        if m.char_start >= mention.char_start or not m.country:
            continue
        if countries and m.country in ORGANISATION_CODES:
            continue
        key = m.country if countries else (m.country, m.sector, m.name)
        if all((f.country if countries else (f.country, f.sector, f.name)) != key for f in found):
            found.append(m)
        if len(found) == 2:
            return list(reversed(found))
    return []


def _inherit(mention: Coded, target: Coded | None, full: bool) -> Coded:
    """A mention that takes its code (and, for pronouns, its name) from an antecedent."""
    if target is None:
        return mention
    return replace(
        mention,
        country=target.country,
        sector=mention.sector or target.sector if not full else target.sector or mention.sector,
        name=target.name if full else mention.name,
        kind=target.kind if full else mention.kind,
        person=target.person if full else mention.person,
    )
