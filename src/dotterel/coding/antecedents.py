"""Antecedents told in the same sentence: who a pronoun in a reported clause or a quotation
is ("X said it would ...", "'We condemn the attack,' the minister said")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from dotterel.knowledge.grammar import Grammar

if TYPE_CHECKING:
    from spacy.tokens import Token

# Quotation marks, as the tokenizer splits them off.
QUOTE_MARKS = frozenset({'"', "\u201c", "\u201d", "``", "''"})


def clause_antecedent(head: Token, grammar: Grammar) -> Token | None:
    """For a subject pronoun in a reported or embedded clause, the subject of the main clause."""
    pron = grammar.pronouns
    if head.pos_ == "PRON" and head.lower_ in pron.self:
        return _speaker(head, grammar)
    if head.pos_ != "PRON" or head.lower_ not in pron.referring:
        return None
    verb = head.head
    if head.dep_ == "poss" and verb.dep_ in ("dobj", "pobj", "attr"):
        # "Syrian forces continued their attacks": "their" is the subject of "continued".
        verb = verb.head.head if verb.dep_ == "pobj" else verb.head
        subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]
        return subjects[0] if subjects else None
    if head.dep_ not in ("nsubj", "nsubjpass"):
        return None
    for _ in range(4):
        if verb.dep_ not in ("ccomp", "xcomp", "advcl", "conj") or verb.head.i == verb.i:
            return None
        if verb.dep_ == "ccomp" and _quoted(verb):
            # "'They attacked us,' the villagers said": in a quotation "they" is not the
            # speaker.
            return None
        verb = verb.head
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            subj = subjects[0]
            if subj.pos_ == "PRON":
                return None
            plural = subj.tag_ in ("NNS", "NNPS") or bool(subj.conjuncts)
            if head.lower_ in pron.group or plural == (head.lower_ in pron.group) or \
                    head.lower_ in pron.thing:
                return subj
            return None
    return None


def _speaker(head: Token, grammar: Grammar) -> Token | None:
    """For "I" or "we" inside a quotation, its speaker: the named subject of the reporting
    verb ("'We condemn the attack,' the minister said")."""
    verb = head.head
    for _ in range(4):
        if verb.dep_ not in ("ccomp", "xcomp", "advcl", "conj") or verb.head.i == verb.i:
            return None
        verb = verb.head
        if verb.lemma_.lower() in grammar.reporting_verbs:
            # A pronoun speaker ("'We condemn it,' he said") is resolved as any pronoun is.
            subjects = [c for c in verb.children if c.dep_ == "nsubj" and (
                c.pos_ != "PRON" or c.lower_ in grammar.pronouns.referring)]
            return subjects[0] if subjects else None
    return None


def _quotation_states(token: Token) -> Iterator[tuple[Token, bool]]:
    """Each word before ``token`` and whether it is inside quotation marks opened earlier in
    its paragraph, in one pass (a quotation may run over several sentences)."""
    inside = False
    for t in token.doc[:token.i]:
        if "\n" in t.text:
            inside = False
        elif t.text in QUOTE_MARKS:
            inside = t.text in ("\u201c", "``") or (t.text not in ("\u201d", "''")
                                                       and not inside)
        yield t, inside


def in_quotation(token: Token) -> bool:
    """Whether a word is inside quotation marks opened earlier in its paragraph."""
    quoted = False
    for _, state in _quotation_states(token):
        quoted = state
    return quoted


def _quoted(clause: Token) -> bool:
    """Whether a clause is told in quotation marks (the mark opens just before it)."""
    first = clause.left_edge
    return first.text in QUOTE_MARKS or (first.i > 0 and first.nbor(-1).text in QUOTE_MARKS)


def speakers_before(token: Token, grammar: Grammar) -> set[int]:
    """The heads of the speakers named outside quotation marks before a word: subjects of
    reporting verbs ("Bloggs said", "said Bloggs"), of verbs that issue a statement ("Bloggs
    issued a statement"), and the authors of statements that speak ("Bloggs's statement
    added")."""
    found: set[int] = set()
    for t, quoted in _quotation_states(token):
        if t.dep_ == "nsubj" and not quoted and (t.head.lemma_ in grammar.reporting_verbs or any(
                c.dep_ == "dobj" and c.lemma_.lower() in grammar.statement_nouns
                for c in t.head.children)):
            found.add(t.i)
            found.update(c.i for c in t.children if c.dep_ == "poss")
    return found
