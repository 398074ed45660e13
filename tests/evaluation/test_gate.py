"""Tests for dotterel.evaluation.gate: the baseline ratchet."""

from __future__ import annotations

import pytest
from gold_fakes import (
    FIGS,
)

from dotterel.evaluation import gate as gate_mod


def test_gate_pass_fail_and_hash() -> None:
    base = {"sha256": "abc", "tolerance": 0.01, "figures": FIGS}
    assert gate_mod.check_gate(base, {**FIGS, "relation_accuracy": 0.495}, "abc").ok
    drop = gate_mod.check_gate(base, {**FIGS, "relation_accuracy": 0.48}, "abc")
    assert not drop.ok and any(m.startswith("FAIL relation_accuracy") for m in drop.messages)
    changed = gate_mod.check_gate(base, FIGS, "def")
    assert not changed.ok and "gold file changed" in changed.messages[0]


def test_gate_update_raises_and_refuses_to_lower() -> None:
    base = gate_mod.updated_baseline(None, FIGS, "abc", "g.tsv", today="2024-01-01")
    assert base["figures"] == FIGS and base["tolerance"] == 0.01 and base["lowered"] == []
    higher = gate_mod.updated_baseline(base, {**FIGS, "relation_accuracy": 0.6}, "abc", "g.tsv")
    assert higher["figures"]["relation_accuracy"] == 0.6
    lower = {**FIGS, "relation_macro_f1": 0.39}
    with pytest.raises(gate_mod.GateError, match="refusing to lower"):
        gate_mod.updated_baseline(base, lower, "abc", "g.tsv")
    with pytest.raises(gate_mod.GateError):
        gate_mod.updated_baseline(base, lower, "abc", "g.tsv", allow_lower=True)  # no reason
    with pytest.raises(gate_mod.GateError):
        gate_mod.updated_baseline(base, FIGS, "new-hash", "g.tsv")
    done = gate_mod.updated_baseline(base, lower, "abc", "g.tsv", True, "new lexicon", "2024-02")
    assert done["figures"]["relation_macro_f1"] == 0.39
    assert done["lowered"] == [{"date": "2024-02", "reason": "new lexicon",
                                "change": "relation_macro_f1 0.4000 -> 0.3900"}]  # fmt: skip



def test_noise_figures_are_better_lower_and_have_limits() -> None:
    base = gate_mod.updated_baseline(None, {**FIGS, "noise_sports_events_per_100": 2.0}, "abc",
                                     "g.tsv", today="2024-01-01")
    limits = {"noise_sports_events_per_100": 10.0}
    # Less noise is better; a rise within the tolerance is fine; above the limit never is.
    assert gate_mod.check_gate(base, {**FIGS, "noise_sports_events_per_100": 0.5}, "abc",
                               limits).ok
    assert gate_mod.check_gate(base, {**FIGS, "noise_sports_events_per_100": 2.9}, "abc",
                               limits).ok
    risen = gate_mod.check_gate(base, {**FIGS, "noise_sports_events_per_100": 3.5}, "abc", limits)
    assert not risen.ok and any("FAIL noise_sports" in m for m in risen.messages)
    over = gate_mod.check_gate({**base, "figures": {**base["figures"],
                                                   "noise_sports_events_per_100": 12.0}},
                               {**FIGS, "noise_sports_events_per_100": 11.0}, "abc", limits)
    assert not over.ok and any("above its limit" in m for m in over.messages)
    # Recording more noise is making a figure worse: it needs a reason.
    with pytest.raises(gate_mod.GateError):
        gate_mod.updated_baseline(base, {**FIGS, "noise_sports_events_per_100": 3.0}, "abc",
                                  "g.tsv")
