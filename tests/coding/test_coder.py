"""The coder end to end: sentences written for the tests, the events they must give."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dotterel
from dotterel import Coder, Event, Settings
from dotterel.coding.coder import coder_version, shared_coder

PUB = "2011-08-30"  # a Tuesday


@pytest.fixture(scope="module")
def schema() -> dict:
    path = resources.files("dotterel") / "schema" / "event.schema.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _code(coder: Coder, text: str, published: str | None = PUB) -> list[Event]:
    return dotterel.code(text, published=published, doc_id="t", coder=coder)


def _summary(events: list[Event]) -> set[tuple[str, str, str | None, str]]:
    return {
        (e.event_type, e.actor.code, e.recipient.code if e.recipient else None, e.modality)
        for e in events
    }


# (text, events that must be among the output: (type, actor code, recipient code, modality))
CASES = [
    # One event per dyad; coordinated recipients are split and share the country.
    (
        "Russia's President Dmitry Medvedev urged both the Syrian government and the "
        "opposition to lay down their arms.",
        {("REQUEST", "RUSGOV", "SYRGOV", "asserted"), ("REQUEST", "RUSGOV", "SYROPP", "asserted")},
    ),
    # Coordinated actors are split.
    (
        "The United States and the European Union criticized the rival draft.",
        {("ACCUSE", "USA", None, "asserted"), ("ACCUSE", "EUR", None, "asserted")},
    ),
    # Capitals and seats of government stand for governments.
    ("The Kremlin condemned the Georgian government.",
     {("ACCUSE", "RUSGOV", "GEOGOV", "asserted")}),
    ("Beijing accused Washington of meddling.", {("ACCUSE", "CHNGOV", "USAGOV", "asserted")}),
    # Organisations.
    ("NATO warplanes bombed Libyan army positions.", {("ASSAULT", "IGOMIL", "LBYMIL", "asserted")}),
    # A title gives the sector; the possessive gives the country.
    ("Russia's ambassador to the UN criticized the French proposal.",
     {("ACCUSE", "RUSGOV", None, "asserted")}),
    # Security forces and protesters of the country in context.
    ("Syrian security forces arrested dozens of protesters.",
     {("COERCE", "SYRCOP", "SYRCVL", "asserted")}),
    # Future and hypothetical: a veto to come is a threat, not a rejection.
    ("Russia's envoy hinted that Moscow would veto the resolution.",
     {("THREATEN", "RUSGOV", None, "asserted")}),
    # People named with a title are coded by the title.
    ("Russian ambassador to the UN Vitaly Churkin criticized the Western draft.",
     {("ACCUSE", "RUSGOV", None, "asserted")}),
    # Domestic actors without a country take the country of the government they face.
    ("The opposition and dissidents accused the Syrian authorities of torture.",
     {("ACCUSE", "SYROPP", "SYRGOV", "asserted")}),
    # A claim attributed to a source is "reported".
    ("The UN says Syrian security forces have killed more than 2,000 protesters.",
     {("ASSAULT", "SYRCOP", "SYRCVL", "reported")}),
    # "X says Y must ..." is a demand by X of Y.
    ("Russia says Israel must end its strikes on Syria.", {("REQUEST", "RUS", "ISR", "asserted")}),
    # A document's author acts through it.
    ("Albania's parliament passed a resolution criticizing President Ilir Meta.",
     {("ACCUSE", "ALBLEG", "ALBGOV", "asserted")}),
    # Calling a person is a phone call; calling a move something is not.
    ("Obama called Putin on Thursday.", {("CONSULT", "USAGOV", "RUSGOV", "asserted")}),
    # Declining to attend is a rejection.
    ("Chinese diplomats declined to attend the talks.", {("REJECT", "CHNGOV", None, "asserted")}),
    ("Iranian officials did not attend the summit.", {("REJECT", "IRNGOV", None, "asserted")}),
    # Imposed sanctions follow CAMEO2PLOVER (163 is COERCE).
    ("The United States imposed sanctions on Iran.", {("COERCE", "USA", "IRN", "asserted")}),
    # A conditional refusal is aimed at whoever must meet the condition.
    ("The teachers union said it will not end the strike until the Kenyan government raises "
     "salaries.", {("REJECT", "KENLAB", "KENGOV", "asserted")}),
    # An agentless passive is the act of the country it happened in.
    ("Two activists were detained in Egypt on Friday.", {("COERCE", "EGY", "EGYCVL", "asserted")}),
    # A place named in the act's clause stands in when no party is named.
    ("The rebels declared a unilateral ceasefire effective from Sunday in Somalia.",
     {("RETREAT", "SOMREB", "SOM", "asserted")}),
    # A failed agreement between two parties is a joint refusal, each of the other.
    ("Greece and Turkey failed to reach agreement on the maritime border.",
     {("REJECT", "GRC", "TUR", "asserted")}),
    # Legal action and deadlines.
    ("The European Commission launched legal action against Poland.",
     {("ACCUSE", "EURGOV", "POL", "asserted")}),
    ("The Philippine government gave Canada a deadline to remove the waste.",
     {("THREATEN", "PHLGOV", "CAN", "asserted")}),
    # An actor's own forces are its means, not the recipient: where they go is.
    ("Germany has refused to send peacekeepers to Iraq.", {("REJECT", "DEU", "IRQ", "asserted")}),
    ("Nigeria announced the deployment of 230 troops to Liberia.",
     {("MOBILIZE", "NGA", "LBR", "asserted")}),
    # An agentless passive is the act of the state it happened in, even where the tagger
    # reads the country's name as a person; the passive's subject is the recipient.
    ("A Nigerien journalist was arrested on Monday in Niger for collaborating with Boko Haram.",
     {("COERCE", "NER", "NERJRN", "asserted")}),
    ("Two inspectors for the United Nations have been expelled from North Korea.",
     {("SANCTION", "PRK", "UNO", "asserted")}),
    # Who is "responsible for" or "guilty of" an act did it.
    ("The Zetas cartel has been responsible for mass killings in northern Mexico.",
     {("ASSAULT", "MEXCRM", "MEX", "asserted")}),
    # A past participle's noun is who it was done to; its agent did it.
    ("The protesters arrested by the Egyptian police were released on Monday.",
     {("COERCE", "EGYCOP", "EGYCVL", "asserted")}),
    # ... but an active verb the tagger reads as a participle keeps its subject.
    ("A U.S. congressional report called for sanctions against China over human rights "
     "abuses.", {("ACCUSE", "USA", "CHN", "asserted")}),
    # A name owning the object of the clause's preposition is the party.
    ("The Israeli military has mobilized troops against Syria's chemical weapons.",
     {("MOBILIZE", "ISRMIL", "SYR", "asserted")}),
    # Ending mediation is a SANCTION (CAMEO 165), the mediated party its recipient.
    ("The African Union ended its mediation efforts with Sudan.",
     {("SANCTION", "IGO", "SDN", "asserted")}),
    # What the subject receives from someone is that someone's act towards the subject.
    ("The Kenyan president received an invitation from Russian President Vladimir Putin.",
     {("AGREE", "RUSGOV", "KENGOV", "asserted")}),
]


def test_a_thing_beside_a_named_party_is_not_a_recipient(coder: Coder) -> None:
    events = _code(coder, "Britain lifted its ban on Chinese imports on the condition that "
                          "inspections resume.")
    assert {e.recipient.text for e in events if e.recipient} == {"Chinese imports"}


def test_a_name_unknown_to_the_knowledge_beats_a_thing(coder: Coder) -> None:
    events = _code(coder, "An Indian court has lifted its ban on the video app TikTok on the "
                          "condition that it removes content.")
    assert {e.recipient.text for e in events if e.recipient} == {"the video app TikTok"}


def test_a_name_inside_a_thing_recipient_stands_in(coder: Coder) -> None:
    events = _code(coder, "Norway has provided 12 million dollars for medical supplies for "
                          "those displaced in Sudan.")
    assert any(e.event_type == "AID" and e.recipient is not None
               and e.recipient.code == "SDN" for e in events)


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_expected_events(coder: Coder, text: str, expected: set, schema: dict) -> None:
    events = _code(coder, text)
    got = _summary(events)
    # Recipient None in a case means "not checked".
    for etype, actor, recipient, modality in expected:
        assert any(
            g[0] == etype and g[1] == actor and g[3] == modality
            and (recipient is None or g[2] == recipient)
            for g in got
        ), f"missing {(etype, actor, recipient, modality)} in {sorted(got, key=str)}"
    for e in events:
        jsonschema.validate(e.to_dict(), schema)


def test_a_demand_without_an_actor_like_subject_is_no_event(coder: Coder) -> None:
    # The complement's subject is a date: no REQUEST, and no crash.
    events = _code(coder, "Officials said Monday must be a day of calm.")
    assert not any(e.rule == "request.says_must" for e in events)


def test_calling_a_move_unconstitutional_is_not_a_phone_call(coder: Coder) -> None:
    events = _code(coder, "Trump called the move unconstitutional.")
    assert not any(e.rule == "consult.call_person" for e in events)


def test_would_impose_is_not_an_imposed_sanction(coder: Coder) -> None:
    events = _code(coder, "The Western draft would impose a travel ban and an asset freeze on "
                          "the president's associates.")
    assert not any(e.event_type == "SANCTION" and e.modality == "asserted" for e in events)


def test_negated_events_are_marked_not_dropped(coder: Coder) -> None:
    events = _code(coder, "Israeli troops did not shell the village.")
    assert any(e.event_type == "ASSAULT" and e.modality == "negated" for e in events)


def test_reporting_verbs_and_agencies_are_not_actors(coder: Coder) -> None:
    events = _code(coder, "Turkish troops shelled Kurdish positions, reports Reuters.")
    assert events and all(e.actor.name != "Reuters" for e in events)
    assert all(e.event_type != "ASSAULT" or e.actor.country == "TUR" for e in events)
    events = _code(coder, "Reuters reported that Egyptian police detained three activists.")
    assert all("Reuters" not in e.actor.text for e in events)
    assert any(e.event_type == "COERCE" and e.actor.code == "EGYCOP" for e in events)


def test_a_dateline_after_a_headline_is_no_actor(coder: Coder) -> None:
    """News feeds run the headline into the story: the dateline's city is no party."""
    events = _code(coder, "Police Detain Activists in Peru. LIMA (Reuters) - Peruvian police "
                          "detained three activists on Monday.")
    assert any(e.event_type == "COERCE" and e.actor.code == "PERCOP"
               and e.actor.text == "Peruvian police" for e in events)
    assert all("LIMA" not in e.actor.text for e in events)


def test_a_dateline_gives_the_story_its_country(coder: Coder) -> None:
    """Parties told with no country are of the country the story is filed from, as of the
    country the story names most (the dateline counts as its first mention)."""
    text = "Army Attacks Rebels. KHARTOUM, Sudan - Troops attacked a rebel camp on Monday."
    events = _code(coder, text)
    assert any(e.event_type == "ASSAULT" and e.actor.code == "SDNMIL" for e in events)
    assert all("KHARTOUM" not in e.actor.text for e in events)


def test_pronouns_and_later_mentions_resolve(coder: Coder) -> None:
    text = ("Russia's President Dmitry Medvedev spoke on Sunday. He urged the Syrian "
            "government to end the violence. His envoy met the Syrian president in Damascus.")
    events = _code(coder, text)
    urge = [e for e in events if e.event_type == "REQUEST"]
    assert urge and urge[0].actor.code == "RUSGOV" and urge[0].actor.name == "Dmitry Medvedev"
    meet = [e for e in events if e.event_type == "CONSULT" and e.trigger.text == "met"]
    assert meet and meet[0].actor.country == "RUS" and meet[0].recipient
    assert meet[0].recipient.code == "SYRGOV"


def test_office_descriptions_name_the_holder_on_the_date(coder: Coder) -> None:
    events = _code(coder, "A Russian envoy met the Syrian president in Damascus.")
    assert events and events[0].recipient and events[0].recipient.name == "Bashar al-Assad"
    events = _code(coder, "The Russian president criticized the draft.", published="2011-08-30")
    assert events[0].actor.name == "Dmitry Medvedev"
    events = _code(coder, "The Russian president criticized the draft.", published="2015-03-01")
    assert events[0].actor.name == "Vladimir Putin"


def test_the_diplomats_resolve_to_earlier_mention(coder: Coder) -> None:
    text = ("Chinese diplomats arrived in New York on Sunday. On Monday the diplomats "
            "rejected the French proposal.")
    events = [e for e in _code(coder, text) if e.sentence == 1]
    assert any(e.event_type == "REJECT" and e.actor.code == "CHNGOV" for e in events)


def test_the_two_countries(coder: Coder) -> None:
    text = ("France criticized Germany over the budget. On Friday the two countries signed "
            "an agreement on energy.")
    events = [e for e in _code(coder, text) if e.sentence == 1]
    codes = {(e.actor.country, e.recipient.country if e.recipient else None) for e in events}
    assert ("FRA", "DEU") in codes or ("DEU", "FRA") in codes


def test_the_two_countries_are_the_states_not_their_envoys(coder: Coder) -> None:
    text = ("Peru's foreign minister met his Chilean counterpart in Lima on Monday. The two "
            "countries agreed to reopen their border.")
    events = [e for e in _code(coder, text) if e.sentence == 1]
    # (A mutual act: either may be told as the actor.)
    assert {frozenset((e.actor.code, e.recipient.code if e.recipient else None))
            for e in events} == {frozenset(("PER", "CHL"))}


@pytest.mark.parametrize(
    ("text", "date", "date_text"),
    [
        ("Egyptian police arrested the activist on Monday.", "2011-08-29", "Monday"),
        ("Egyptian police arrested the activist on Friday.", "2011-08-26", "Friday"),
        ("Egyptian police arrested the activist last week.", "2011-08-22", "last week"),
        ("Egyptian police arrested the activist in March this year.", "2011-03-01",
         "March this year"),
        ("Egyptian police arrested the activist.", PUB, None),
    ],
)
def test_dates_resolve_against_publication(coder: Coder, text: str, date: str,
                                           date_text: str | None) -> None:
    events = _code(coder, text)
    assert events
    assert events[0].date == date
    assert (events[0].date_text or None) == date_text or date_text in (events[0].date_text or "")


def test_a_date_inside_a_noun_phrase_is_not_the_event_date(coder: Coder) -> None:
    events = _code(coder, "The ministry, which was founded in 1950, criticized the 1911 treaty "
                          "with Chile.")
    assert events and all(e.date == PUB and e.date_text is None for e in events)
    events = _code(coder, "Police said on Friday that they arrested the activist.")
    assert any(e.event_type == "COERCE" and e.date == "2011-08-26" for e in events)


def test_no_publication_date_leaves_relative_dates_unresolved(coder: Coder) -> None:
    events = _code(coder, "Egyptian police arrested the activist on Monday.", published=None)
    assert events and events[0].date is None and events[0].date_text == "Monday"


def test_place_from_gazetteer(coder: Coder) -> None:
    events = _code(coder, "Syrian security forces surrounded the town of Rastan.")
    located = [e for e in events if e.location]
    assert located
    loc = located[0].location
    assert loc is not None and loc.country == "SYR"
    assert loc.lat is not None and 34 < loc.lat < 36 and 36 < (loc.lon or 0) < 37.5


@pytest.mark.parametrize(
    ("text", "place", "country", "actor"),
    [
        # Regions the city gazetteer lacks (knowledge/data/regions.tsv).
        ("Government troops attacked rebels in Darfur on Monday.", "Darfur", "SDN", "SDNMIL"),
        ("Gunmen opened fire on a police post in South Ossetia.", "South Ossetia", "GEO", None),
        ("Police arrested twelve activists in the Gaza Strip.", "the Gaza Strip", "PSE",
         "PSECOP"),
        # A region before a foreign town of the same name.
        ("Police arrested three protesters in Florida.", "Florida", "USA", "USACOP"),
    ],
)
def test_regions_are_places(coder: Coder, text: str, place: str, country: str,
                            actor: str | None) -> None:
    events = _code(coder, text)
    located = [e for e in events if e.location and e.location.text == place]
    assert located and located[0].location is not None
    assert located[0].location.country == country
    if actor is not None:
        assert located[0].actor.code == actor


def test_a_party_named_after_a_region_is_of_its_country(coder: Coder) -> None:
    events = _code(coder, "Darfur rebels ambushed a convoy of government soldiers.")
    assert any(e.actor.code == "SDNREB" for e in events)


def test_event_ids_are_stable_and_offsets_point_at_words(coder: Coder) -> None:
    text = "Greece recalled its ambassador. Turkey expelled two Greek diplomats."
    first = _code(coder, text)
    second = _code(coder, text)
    assert [e.event_id for e in first] == [e.event_id for e in second]
    for e in first:
        assert text[e.trigger.start:e.trigger.end] == e.trigger.text
        assert text[e.actor.start:e.actor.end] == e.actor.text
        if e.recipient:
            assert text[e.recipient.start:e.recipient.end] == e.recipient.text


def test_event_round_trips_through_json(coder: Coder) -> None:
    for e in _code(coder, "Syrian security forces surrounded the town of Rastan on Monday."):
        assert Event.from_dict(json.loads(e.to_json())) == e


@pytest.mark.parametrize(
    ("sentence", "source", "target", "expected"),
    [
        ("Hezbollah threatened to shell Haifa if Israel attacks.", "Hezbollah", "Haifa",
         "THREATEN"),
        ("Dutch police arrested a Turkish man in Utrecht.", "Dutch police", "a Turkish man",
         "COERCE"),
        ("The ministry accused the newspaper of spreading lies.", "The ministry",
         "the newspaper", "ACCUSE"),
        ("The two leaders met in Geneva.", "The two leaders", "Geneva", "CONSULT"),
    ],
)
def test_classify(coder: Coder, sentence: str, source: str, target: str, expected: str) -> None:
    assert dotterel.classify(sentence, source, target, coder=coder) == expected


def test_classify_shares_the_coder(coder: Coder) -> None:
    sentence = "Egyptian police arrested the activist on Monday."
    events = _code(coder, sentence)
    assert dotterel.classify(sentence, "Egyptian police", "the activist", coder=coder) == \
        events[0].event_type


_WORDS = ["Russia", "Syria", "the government", "rebels", "police", "urged", "attacked",
          "met", "did", "not", "would", "on", "Monday", "in", "Homs", "and", "the", "UN",
          "protesters", "threatened", "sanctions", ",", ".", "he", "they", "said", "Kremlin"]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(_WORDS), max_size=40).map(" ".join),
))
def test_any_text_codes_to_valid_records(coder: Coder, schema: dict, text: str) -> None:
    for e in _code(coder, text):
        jsonschema.validate(e.to_dict(), schema)
        assert text[e.trigger.start:e.trigger.end] == e.trigger.text
        assert text[e.actor.start:e.actor.end] == e.actor.text
        assert 0.0 <= e.confidence <= 1.0


def test_a_participle_noun_is_not_an_actor_and_clauses_keep_their_names(coder: Coder) -> None:
    events = _code(coder, "The African Union condemned the attacks, which have seen scores of "
                          "people arrested in Johannesburg.")
    # No arrest by the people arrested, and Johannesburg is not what was condemned.
    assert not any(e.event_type == "COERCE" for e in events)
    assert all(e.recipient is None or e.recipient.country != "ZAF" for e in events)


def test_code_and_classify_load_the_model_once_per_settings(
        coder: Coder, monkeypatch: pytest.MonkeyPatch) -> None:
    loads: list[Settings] = []

    def load(settings: Settings | None = None) -> Coder:
        loads.append(settings or Settings())
        return coder  # the session's coder: what matters is how often a load is asked for

    monkeypatch.setattr(Coder, "load", staticmethod(load))
    shared_coder.cache_clear()
    mine = Settings(batch_size=7)
    first = dotterel.code("Russia accused Ukraine of shelling.", settings=mine)
    second = dotterel.code("Russia accused Ukraine of shelling.", settings=mine)
    assert dotterel.classify("Russia accused Ukraine.", "Russia", "Ukraine",
                             settings=mine) == "ACCUSE"
    assert loads == [mine] and first == second and first[0].event_type == "ACCUSE"
    dotterel.code("Russia accused Ukraine.", settings=Settings(batch_size=8))
    assert len(loads) == 2  # other settings: another coder
    shared_coder.cache_clear()


def test_the_coder_version_follows_files_in_knowledge_subfolders(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge" / "triggers"
    folder.mkdir(parents=True)
    entry = folder / "accuse.yaml"
    entry.write_text("- id: accuse.my_blame\n  lemma: blame\n  cameo: '112'\n")
    settings = Settings(knowledge_dir=tmp_path / "knowledge")
    before = coder_version(settings)
    entry.write_text("- id: accuse.my_blame\n  lemma: fault\n  cameo: '112'\n")
    assert coder_version(settings) != before != coder_version(Settings())
