"""The learned choice of recipients: paths, features, the choice, training rows and the coder
with and without the model (sentences written for these tests)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from helpers import DATA, code

from dotterel import Coder, Settings
from dotterel.coding.linear_model import LinearModel
from dotterel.coding.pipeline import recipient_choices
from dotterel.coding.recipients import (
    ADD_ABOVE,
    OTHER,
    RECIPIENT,
    Frame,
    Option,
    choose,
    dependency_path,
    option_features,
    option_vector,
)
from dotterel.records import Article


def _token(doc, word: str):  # type: ignore[no-untyped-def]
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize(
    ("text", "start", "end", "path"),
    [
        ("Ruritania imposed sanctions on Elbonia.", "imposed", "Elbonia",
         ["dobj", "prep:on", "pobj"]),
        ("Ruritania imposed sanctions on Elbonia.", "imposed", "sanctions", ["dobj"]),
        ("Ruritania imposed sanctions on Elbonia.", "sanctions", "Ruritania",
         ["^dobj", "nsubj"]),
        ("Ruritania imposed sanctions on Elbonia.", "imposed", "imposed", []),
    ],
)
def test_dependency_path(coder: Coder, text: str, start: str, end: str, path: list[str]
                         ) -> None:
    doc = coder.nlp(text)
    assert dependency_path(_token(doc, start), _token(doc, end)) == path


def test_dependency_path_between_sentences_is_none(coder: Coder) -> None:
    doc = coder.nlp("Ruritania protested. Elbonia replied.")
    assert dependency_path(_token(doc, "protested"), _token(doc, "Elbonia")) is None


def test_option_features_say_how_and_what(coder: Coder) -> None:
    doc = coder.nlp("Ruritania imposed sanctions on Elbonia.")
    trigger, target, actor = (_token(doc, w) for w in ("imposed", "Elbonia", "Ruritania"))
    frame = Frame.of(trigger, "SANCTION", [actor])
    chosen = option_features(Option(target, "country:c", True), frame)
    assert {"p=dobj>prep:on>pobj", "pe=prep:on>pobj", "k=country:c", "rule", "rule|SANCTION",
            "side=right", "under"} <= set(chosen)
    assert "rule|explicit" not in chosen
    placed = option_features(Option(target, "country:c", True),
                             Frame.of(trigger, "SANCTION", [actor], explicit=True))
    assert {"rule|explicit", "rule|explicit|dobj>prep:on"} <= set(placed)
    other = option_features(Option(actor, "country:c", False), frame)
    assert "rule" not in other and {"in_actor", "side=left"} <= set(other)
    vector = option_vector(Option(target, "country:c", True), trigger)
    assert vector is not None and len(vector) == 2 * doc.tensor.shape[1]


# A model that likes phrases joined by "on" and dislikes everything else.
LIKES_ON = LinearModel((OTHER, RECIPIENT), {"pe=prep:on>pobj": (-4.0, 4.0)}, (1.0, -1.0), {})


def test_choose_keeps_the_rules_unless_another_phrase_is_likelier(coder: Coder) -> None:
    doc = coder.nlp("Ruritania imposed sanctions over the dispute on Elbonia.")
    trigger, actor = _token(doc, "imposed"), _token(doc, "Ruritania")

    def options(ruled: str | None) -> list[Option]:
        return [Option(_token(doc, w), "x", w == ruled) for w in ("dispute", "Elbonia")]

    def pick(ruled: str | None) -> str | None:
        opts = options(ruled)
        feats = [option_features(o, Frame.of(trigger, "SANCTION", [actor])) for o in opts]
        chosen = choose(LIKES_ON, opts, feats, [None] * len(opts))
        return chosen.head.text if chosen is not None else None

    assert pick("dispute") == "Elbonia"  # the model prefers another phrase: it is taken
    assert pick("Elbonia") is None  # the rules' choice is the model's: kept
    # No recipient from the rules: one is added only above ADD_ABOVE.
    assert pick(None) == "Elbonia" and LIKES_ON.scores(["pe=prep:on>pobj"])[RECIPIENT] >= ADD_ABOVE
    unsure = LinearModel((OTHER, RECIPIENT), {}, (0.0, 0.0), {})
    opts = options(None)
    assert choose(unsure, opts, [[], []], [None, None]) is None


def test_recipient_choices_record_every_phrase(coder: Coder) -> None:
    text = "Russia imposed sanctions on Ukraine over its dispute with Poland."
    doc = coder.nlp(text)
    choices = recipient_choices(doc, Article(text=text), coder.resources)
    (choice,) = [c for c in choices if c.event_type in ("SANCTION", "COERCE")]
    assert text[slice(*choice.actor_spans[0])] == "Russia"
    phrases = {text[a:b] for spans, _, _ in choice.options for a, b in spans}
    assert {"Ukraine", "Poland"} <= phrases and "Russia" not in phrases
    assert sum(rule for _, _, rule in choice.options) >= 1
    assert len(choice.vectors) == len(choice.options)


def test_recipient_rows_label_the_gold_recipient(coder: Coder) -> None:
    from dotterel.evaluation.gold import load_gold
    from dotterel.evaluation.training import recipient_rows

    pytest.importorskip("sklearn", reason="training needs scikit-learn (the dev extra)")
    gold = load_gold(DATA / "plv_small.tsv")
    rules = replace(coder, resources=replace(coder.resources, recipient_model=None))
    rows = recipient_rows(rules, gold.items)
    # "Police arrested protesters and the army shelled rebels": one choice for each gold
    # event, each with its gold recipient as the one positive row.
    police = [r for r in rows if r.source == "plv-3"]
    assert [r.label for r in police].count(RECIPIENT) == 2
    assert {r.label for r in rows} == {RECIPIENT, OTHER}


def test_the_coder_loads_the_bundled_model_and_can_do_without(coder: Coder) -> None:
    model = coder.resources.recipient_model
    assert model is not None and model.classes == (OTHER, RECIPIENT)
    rules = Coder.load(Settings(recipient_model=None))
    assert rules.resources.recipient_model is None
    # A recipient in its usual place is the model's choice too.
    text = "Russia expelled two British diplomats."

    def pairs(k: Coder) -> set[tuple[str, str | None]]:
        return {(e.actor.code, e.recipient.code if e.recipient else None) for e in code(k, text)}

    assert pairs(rules) == pairs(coder) == {("RUS", "GBRGOV")}
