"""Coding: one parsed document in, PLOVER events out.

Owns the stages over a spaCy ``Doc`` (mentions, candidates, events), the relation model's
inference (its weights and ``predict``; fitting lives in ``evaluation``), and ``Coder``, the
loaded pipeline that the public API, the CLI, the web app and the evaluation all use.
Imports ``knowledge``, ``records`` and ``settings``; never inputs, store, evaluation, web or cli.
"""
