"""Tests for the mention stage's shortcuts: a phrase that cannot name a country is put off
without changing what the coder makes of the article."""

from __future__ import annotations

from dataclasses import replace

import pytest
from helpers import code, dyads

from dotterel import Coder
from dotterel.coding.mentions import History, code_phrase, may_have_country, phrase_bounds, resolve
from dotterel.records import Article

# Sentences written for these tests: names, titles, pronouns, pairs and plain nouns.
SENTENCES = [
    "The economic growth of the region slowed in the third quarter, the bank said.",
    "Iran's foreign minister Javad Zarif met his Turkish counterpart in Ankara.",
    "The two countries signed a trade deal after months of talks.",
    "Hamas-led militants fired rockets at the town, and the army answered with shelling.",
    "His envoy told the president that the U.S. troops would stay.",
    "Workers at the steel plant in Gdansk went on strike over unpaid wages.",
    "A Delhi court sentenced the former minister to five years in prison.",
    "The company raised its dividend and bought back shares worth $2 billion.",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_a_phrase_put_off_never_had_a_country(coder: Coder, sentence: str) -> None:
    """Wherever the shortcut says "no country", coding and resolving agree, even against a
    history that holds every country the sentence names."""
    res = coder.resources
    doc = coder.nlp(sentence)
    history = History()
    for chunk in doc.noun_chunks:
        for m in code_phrase(doc, chunk.root, res.knowledge, None, 0, None, res.grammar):
            history.add(m)
    skipped = 0
    for token in doc:
        bounds = phrase_bounds(token)
        if may_have_country(doc, token, bounds, res.knowledge, res.grammar):
            continue
        skipped += 1
        for m in code_phrase(doc, token, res.knowledge, None, 0, None, res.grammar):
            assert m.country is None, (token.text, m)
            assert all(r.country is None for r in resolve(m, token, history, res.grammar))
    assert skipped  # every sentence has words that name no one


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        ("Heavy rain fell on Monday.", "rain", False),
        ("The Syrian army shelled the town.", "army", True),
        ("His envoy arrived.", "envoy", True),
        ("The president spoke.", "president", True),
        ("The two sides met.", "sides", True),
        ("The Kremlin denied it.", "Kremlin", True),
    ],
)
def test_may_have_country(coder: Coder, sentence: str, word: str, expected: bool) -> None:
    res = coder.resources
    doc = coder.nlp(sentence)
    head = next(t for t in doc if t.text == word)
    assert may_have_country(doc, head, phrase_bounds(head), res.knowledge,
                            res.grammar) is expected


def test_history_is_caught_up_when_first_read(coder: Coder) -> None:
    """Sentences with no event are coded into the history only when a later event reads it:
    the surname in the last sentence is still the minister named in the first."""
    text = ("Iran's foreign minister Javad Zarif arrived in Oslo on Monday.\n\n"
            "The weather in the city was mild and the streets were quiet.\n\n"
            "Hotels near the harbour were full of visitors.\n\n"
            "Zarif later condemned the United States.")
    assert ("IRNGOV", "USA") in {(actor, recipient) for _, actor, recipient
                                 in dyads(code(coder, text))}


@pytest.mark.parametrize(
    ("sentence", "word", "country", "sector"),
    [
        # A capital where people are gives their country, not its government's sector.
        ("Protesters in Moscow marched on Sunday.", "Protesters", "RUS", "CVL"),
        # ... except people posted abroad: "diplomats in Tokyo" are of any country.
        ("Diplomats in Tokyo met on Sunday.", "Diplomats", None, "GOV"),
        # ... and where a thing is gives it no party at all.
        ("Three agreements in Tokyo were signed on Monday.", "agreements", None, None),
        # A relational noun keeps its own nationality, not its owner's.
        ("Russia's Syrian allies met on Monday.", "allies", "SYR", None),
        ("Russia's allies met on Monday.", "allies", None, None),
        # Coordinated first words of one name: both countries.
        ("North and South Korea met on Monday.", "Korea", "PRK", None),
        # A unit's word before a weapon does not make the weapon the unit ("artillery" alone
        # is the army's guns and gunners).
        ("The troops fired artillery rounds on Monday.", "rounds", None, None),
        ("Artillery pounded the town on Monday.", "Artillery", None, "MIL"),
    ],
)
def test_modifiers_that_give_or_do_not_give_a_country(
        coder: Coder, sentence: str, word: str, country: str | None, sector: str | None) -> None:
    res = coder.resources
    doc = coder.nlp(sentence)
    head = next(t for t in doc if t.text == word)
    coded = code_phrase(doc, head, res.knowledge, None, 0, None, res.grammar)
    assert (coded[0].country, coded[0].sector) == (country, sector)


def test_split_names_give_one_mention_each(coder: Coder) -> None:
    res = coder.resources
    doc = coder.nlp("North and South Korea met on Monday.")
    head = next(t for t in doc if t.text == "Korea")
    assert [m.country for m in code_phrase(doc, head, res.knowledge, None, 0, None,
                                           res.grammar)] == ["PRK", "KOR"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A city or country as one word of a longer name is the name, not the place.
        ("Denzel Washington criticised the Brazilian police.", {("ACCUSE", "-", "BRACOP")}),
        ("Valentina Rome, a Brazilian activist, accused the army of torture.",
         {("ACCUSE", "BRACVL", "BRAMIL")}),
        # ... also where the tagger calls the whole name a place.
        ("Wilhelmina Paris, a Swedish activist, accused the navy of abuses.",
         {("ACCUSE", "SWECVL", "SWEMIL")}),
        ("Dorota Paris, a Swedish activist, accused the navy of abuses.",
         {("ACCUSE", "SWECVL", "SWEMIL")}),
        # An unknown name is what its appositive says it is.
        ("Jo Bloggs, Iran's foreign minister, criticised the United States.",
         {("ACCUSE", "IRNGOV", "USA")}),
        # ... and a title with no country is of the appositive's country.
        ("Senator Ana Ruiz, a Chilean lawmaker, criticised the Peruvian government.",
         {("ACCUSE", "CHLLEG", "PERGOV")}),
        # A title told after a name is the person's office, not its seat's government ...
        ("Jo Bloggs, an Ottawa MP, criticised the Canadian government.",
         {("ACCUSE", "CANLEG", "CANGOV")}),
        # ... a title before it beats a party label after it ...
        ("U.S. Senator Jo Bloggs, Republican from Texas, criticised NASA.",
         {("ACCUSE", "USALEG", "USAGOV")}),
        # ... and a former office-holder is an elite.
        ("Jo Bloggs, the former Prime Minister of Sri Lanka, criticised the Indian government.",
         {("ACCUSE", "LKAELI", "INDGOV")}),
        # A known name standing alone is still the place's government.
        ("Washington criticised Moscow.", {("ACCUSE", "USAGOV", "RUSGOV")}),
    ],
)
def test_names_containing_places_and_appositives(coder: Coder, text: str,
                                                 expected: set[tuple[str, str, str]]) -> None:
    found = {(t, a or "-", r) for t, a, r in dyads(code(coder, text))}
    assert expected <= found


def test_a_university_named_after_its_city_keeps_the_country(coder: Coder) -> None:
    found = dyads(code(coder, "Students of Moscow State University protested against the "
                              "government."))
    assert ("PROTEST", "RUSEDU", "RUSGOV") in found


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # A name the knowledge base knows, but in no office on the day, is what the article
        # called it (Araghchi became Iran's foreign minister in August 2024).
        ("Iran's foreign minister Abbas Araghchi met European diplomats in Geneva. Araghchi "
         "later criticized the United States.", "2024-05-06", ("ACCUSE", "IRNGOV", "USA")),
        # A name it does not know at all: the title the article gave it, even when the tagger
        # reads the lone surname as an organisation.
        ("Kenyan foreign minister Jo Bloggs met Ugandan diplomats. Bloggs later criticized the "
         "United States.", "2024-05-06", ("ACCUSE", "KENGOV", "USA")),
        ("Jo Bloggs, a Kenyan farmer, was arrested by police. Bloggs later criticized the "
         "government.", "2024-05-06", ("ACCUSE", "KENAGR", "KENGOV")),
        # The title told after the name, as wire stories introduce a spokesman: the name is
        # the phrase's first part, not its last word.
        ("Jo Bloggs, a spokesman for the Kenyan foreign ministry, spoke on Monday. Bloggs "
         "later criticized the United States.", "2024-05-06", ("ACCUSE", "KENGOV", "USA")),
        ("Mary Quill, the Ghanaian defence minister, arrived in Lome. Quill later urged Togo "
         "to close the border.", "2024-05-06", ("REQUEST", "GHAGOV", "TGO")),
    ],
)
def test_a_surname_is_the_person_the_article_introduced(coder: Coder, text: str, published: str,
                                                        expected: tuple[str, str, str]) -> None:
    # (The mentions alone: without the relation model, which may judge a pair no event.)
    rules = replace(coder, resources=replace(coder.resources, relation_model=None))
    events = rules.code_article(Article(text=text, id="t", published=published))
    assert expected in {(e.event_type, e.actor.code, e.recipient.code if e.recipient else "-")
                        for e in events}


def test_where_diplomats_are_posted_does_not_say_whose_they_are(coder: Coder) -> None:
    found = dyads(code(coder, "Iran's foreign minister met European diplomats in Geneva."))
    assert ("CONSULT", "IRNGOV", "EURGOV") in found and not any(d[2].startswith("CHE")
                                                             for d in found)
    # A body in a city is still that city's country's.
    assert ("ACCUSE", "INDJUD", "INDGOV") in dyads(code(coder, "The court in Delhi criticized "
                                                                "the minister."))


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        # The other party of a relation is not the doer: the supporters are civilians, not
        # the president; the critics are no one the phrase names.
        ("Supporters of the ousted Ruritanian president clashed with riot police.", "CVL"),
        ("Supporters of the Kenyan opposition leader marched through Mombasa.", "KENCVL"),
        ("Critics of the Zambian government accused the army of torture.", ""),
    ],
)
def test_a_relation_s_other_party_is_not_the_doer(coder: Coder, text: str, actor: str) -> None:
    assert {a for _, a, _ in dyads(code(coder, text))} == {actor}


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        # Parties named by what they are, from the PLOVER sector codebook.
        ("An Islamist militant group attacked a police station in northern Mali.", "MLIREB"),
        ("Israeli settlers attacked Palestinian farmers near Nablus.", "ISRCVL"),
        ("Kenyan voters protested against the electoral commission.", "KENCVL"),
        ("The presidential candidate accused the Nigerian government of fraud.", "NGAPTY"),
    ],
)
def test_parties_named_by_what_they_are(coder: Coder, text: str, actor: str) -> None:
    assert actor in {a for _, a, _ in dyads(code(coder, text))}


@pytest.mark.parametrize(
    ("text", "expected", "wrong"),
    [
        # "The envoys" are every country the envoys named before were ...
        ("Kenya's foreign minister met Ugandan and Tanzanian envoys on Tuesday. The envoys "
         "urged Kenya to withdraw its troops.",
         {("REQUEST", "UGAGOV", "KEN"), ("REQUEST", "TZAGOV", "KEN")}, None),
        # ... while Western or foreign envoys are from elsewhere, not from where the story is
        # filed or what it is mostly about.
        ("NAIROBI, March 3 (Reuters) - Western envoys criticised Uganda over the arrest.",
         {("ACCUSE", "GOV", "UGA")}, ("ACCUSE", "KENGOV", "UGA")),
        ("Kenyan police detained two men. Foreign diplomats criticised the police.",
         set(), ("ACCUSE", "KENGOV", "KENCOP")),
        # A story filed from Moscow about Kenya is mostly about Kenya: its protests are Kenyan.
        ("MOSCOW, May 2 (Reuters) - Russia's president urged the Kenyan government to talk. A "
         "Russian envoy met the Kenyan president in Nairobi. Kenyan police surrounded the town "
         "of Kisumu. The UN says the crackdown has killed 200 people since the protests began.",
         {("PROTEST", "KENCVL", "-")}, ("PROTEST", "RUSCVL", "-")),
        # Whoever meets a diplomat is not of the diplomat's country for that.
        ("Kenyan police detained two men. Later John Kamau met the US ambassador.",
         {("CONSULT", "KENCVL", "USAGOV")}, ("CONSULT", "USACVL", "USAGOV")),
    ],
)
def test_envoys_told_again_and_envoys_from_elsewhere(coder: Coder, text: str,
                                                     expected: set[tuple[str, str, str]],
                                                     wrong: tuple[str, str, str] | None) -> None:
    found = dyads(code(coder, text))
    assert expected <= found and wrong not in found, found
