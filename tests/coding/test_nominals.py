"""Tests for ``coding.nominals``: acts told as nouns, who did them and to whom (sentences
written for these tests, never taken from a gold file)."""

from __future__ import annotations

import pytest
from helpers import stage_dyads

from dotterel import Coder
from dotterel.coding.nominals import crowd_sector, intended, judged_act, patient_owner
from dotterel.records import Article


@pytest.mark.parametrize(
    ("text", "noun", "judged"),
    [
        ("Germany condemned Russia's attack on a hospital.", "attack", True),
        ("The ministry condemned the attack by Houthi rebels on an oil facility.", "attack",
         True),
        ("The French minister condemned the Israeli strikes on Gaza.", "strikes", True),
        # No doer named, not an act, or not judged.
        ("The UN chief condemned the attack on a mosque in Kabul.", "attack", False),
        ("The UN chief condemned the journalist's arrest.", "arrest", False),
        ("The UN chief condemned the decision of the court.", "decision", False),
        ("Russia launched an attack on a hospital.", "attack", False),
        # A verb that answers an act answers the party its words name ...
        ("The Kenyan government ignored the union's calls for higher pay.", "calls", True),
        ("Chile rejected Peru's request for aid.", "request", True),
        # ... not a phrase that only tells who made it ("the demands by protesters").
        ("Kenya accepted the demands by protesters in the north.", "demands", False),
    ],
)
def test_an_act_that_a_verb_of_judging_takes(coder: Coder, text: str, noun: str,
                                             judged: bool) -> None:
    doc = coder.nlp(text)
    token = next(t for t in doc if t.text == noun)
    assert judged_act(token, coder.resources.grammar, coder.resources.knowledge) is judged


@pytest.mark.parametrize(
    ("text", "patient"),
    [
        ("Officials discussed Navalny's arrest in Moscow.", "Navalny"),
        ("Police announced his arrest on Monday.", "his"),
        # A state's or an organisation's is its doer; so is anyone's with an "of" patient.
        ("Officials discussed Russia's arrest of the journalist.", None),
        ("Officials discussed Hamas's release of two hostages.", None),
        # A noun that says nothing of a patient.
        ("Officials discussed Russia's attack on Kharkiv.", None),
    ],
)
def test_the_possessor_of_an_act_done_to_a_person(coder: Coder, text: str,
                                                  patient: str | None) -> None:
    doc = coder.nlp(text)
    noun = next(t for t in doc if t.lower_ in ("arrest", "release", "attack"))
    found = patient_owner(noun, coder.resources.grammar, coder.resources.knowledge)
    assert [t.text for t in found] == ([patient] if patient else [])


@pytest.mark.parametrize(
    ("text", "expected", "wrong"),
    [
        # Whoever is judged for an act is who did it, not whom it was done to ...
        ("Germany condemned Russia's attack on a hospital in Kharkiv.",
         ("ACCUSE", "DEU", "RUS"), ("ACCUSE", "DEU", "UKR")),
        ("The French foreign minister condemned the Israeli strikes on Gaza.",
         ("ACCUSE", "FRAGOV", "ISR"), ("ACCUSE", "FRAGOV", "PSE")),
        ("The ministry condemned the attack by Houthi rebels on a Saudi oil facility.",
         ("ACCUSE", "YEMGOV", "YEMREB"), ("ACCUSE", "YEMGOV", "SAUBUS")),
        # Who is answered is who did the act answered.
        ("The Kenyan government ignored the union's calls for higher pay.",
         ("REJECT", "KENGOV", "KENLAB"), ("REJECT", "KENGOV", "")),
        ("The Ghanaian president welcomed Togo's proposal for talks.",
         ("SUPPORT", "GHAGOV", "TGO"), ("SUPPORT", "GHAGOV", "")),
        # A person's arrest or killing is done to them, not by them.
        ("Police announced the activist's arrest in Minsk on Monday.",
         ("COERCE", "BLRCOP", "BLRCVL"), ("COERCE", "BLRCVL", "")),
    ],
)
def test_judged_acts_and_their_patients(coder: Coder, text: str, expected: tuple[str, str, str],
                                        wrong: tuple[str, str, str]) -> None:
    found = stage_dyads(coder, text)
    assert expected in found and wrong not in found, found


def test_an_arrest_told_with_its_patient_s_name_is_not_theirs(coder: Coder) -> None:
    found = stage_dyads(coder, "Police announced Anna Berg's arrest in Oslo.")
    assert ("COERCE", "NORCOP", "NORCVL") in found and ("COERCE", "NORCVL", "NOR") not in found, \
        found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # What a protest or a rally is said to demand, its stagers demand.
        ("Hundreds of nurses staged a protest demanding higher wages from the Kenyan "
         "government.", ("REQUEST", "KENMED", "KENGOV")),
        ("Thousands of Georgian students held a rally calling for the interior minister to "
         "resign.", ("REQUEST", "GEOEDU", "GEOGOV")),
        # A strike told by its demands is a labour strike, not an air strike.
        ("A strike demanding the release of jailed union leaders paralysed Nigerian ports.",
         ("PROTEST", "NGALAB", "-")),
        ("Nurses in Kenya began a strike over pay on Monday.", ("PROTEST", "KENMED", "-")),
    ],
)
def test_what_a_crowd_event_demands_and_what_kind_it_is(coder: Coder, text: str,
                                                        expected: tuple[str, str, str]) -> None:
    found = stage_dyads(coder, text)
    assert expected in found and not {d for d in found if d[0] == "ASSAULT"}, found


@pytest.mark.parametrize(
    ("text", "expected", "wrong"),
    [
        # Two parties who sign or talk together are each other's recipient: where they did it
        # and what they signed are not.
        ("The Kenyan president and his Tanzanian counterpart signed six agreements in Nairobi.",
         ("SUPPORT", "KENGOV", "TZAGOV"), ("SUPPORT", "KENGOV", "KEN")),
        ("Japan's prime minister and the South Korean president held talks in Tokyo.",
         ("CONSULT", "JPNGOV", "KORGOV"), ("CONSULT", "JPNGOV", "JPN")),
        # A third party named is still theirs.
        ("France and Germany signed a treaty with Poland.",
         ("SUPPORT", "FRA", "POL"), ("SUPPORT", "FRA", "DEU")),
    ],
)
def test_coordinated_parties_of_a_mutual_act(coder: Coder, text: str,
                                             expected: tuple[str, str, str],
                                             wrong: tuple[str, str, str]) -> None:
    found = stage_dyads(coder, text)
    assert expected in found and wrong not in found, found


@pytest.mark.parametrize(
    ("text", "verb", "noun"),
    [
        ("Police uncovered a plot to kidnap the Kenyan president.", "kidnap", "plot"),
        ("Russia's bid to annex the region failed.", "annex", "bid"),
        # An infinitive of purpose after an object that intends nothing.
        ("Kenya sent troops to fight the rebels.", "fight", None),
    ],
)
def test_the_noun_of_intention_an_infinitive_belongs_to(coder: Coder, text: str, verb: str,
                                                        noun: str | None) -> None:
    doc = coder.nlp(text)
    token = next(t for t in doc if t.text == verb)
    found = intended(token, coder.resources.grammar)
    assert (found.text if found is not None else None) == noun


def test_an_act_only_intended_is_neither_done_nor_done_by_its_discoverer(coder: Coder) -> None:
    events = coder.code_article(Article(
        text="Police uncovered a plot to kidnap the Kenyan president.", id="t",
        published="2020-05-04"))
    assert not any(e.actor.code == "KENCOP" and e.event_type == "ASSAULT" for e in events), events
    events = coder.code_article(Article(
        text="Kenya's plan to deport Somali refugees drew criticism.", id="t",
        published="2020-05-04"))
    assert not any(e.event_type == "COERCE" and e.modality == "asserted" for e in events), events


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A crowd told by its event noun is its people, of the place its phrase names ...
        ("A rally in Nairobi demanded the release of the jailed activist.",
         ("REQUEST", "KENCVL", "KENCVL")),
        ("Kenyan police dispersed a rally in Nairobi.", ("COERCE", "KENCOP", "KENCVL")),
        ("Kenyan police broke up a protest in Mombasa.", ("COERCE", "KENCOP", "KENCVL")),
        # ... but a protest that is a legal complaint is its filer's ...
        ("The Kenyan tribunal dismissed the electoral protest filed by the defeated candidate.",
         ("REJECT", "KENJUD", "KENPTY")),
    ],
)
def test_a_crowd_told_by_its_event_noun(coder: Coder, text: str,
                                        expected: tuple[str, str, str]) -> None:
    found = stage_dyads(coder, text)
    assert expected in found, found


def test_in_protest_is_a_manner_not_a_crowd(coder: Coder) -> None:
    found = stage_dyads(coder, "Kenyan refugees went on hunger strike in protest at the rations.")
    assert not any(r == "KENCVL" for _, _, r in found), found


@pytest.mark.parametrize(
    ("text", "noun", "sector"),
    [
        ("The rally ended.", "rally", "CVL"),
        ("The general strike ended.", "strike", "LAB"),
        # An air strike is no crowd's, nor is an attack.
        ("The aerial strike ended.", "strike", None),
        ("The attack ended.", "attack", None),
        ("The rally ended.", "ended", None),
    ],
)
def test_the_sector_a_crowds_event_noun_stands_for(coder: Coder, text: str, noun: str,
                                                   sector: str | None) -> None:
    token = next(t for t in coder.nlp(text) if t.text == noun)
    assert crowd_sector(token, coder.resources.grammar, coder.resources.knowledge) == sector
