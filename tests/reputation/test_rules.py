"""The reputation rules on plain numbers."""
from __future__ import annotations

from reputation import rules
from reputation.rules import Outcome


def test_job_success_score_hidden_until_enough_outcomes():
    good = Outcome(paid_cents=10_000, client_score=5, lost_dispute=False)
    assert rules.job_success_score([good, good]) is None
    assert rules.job_success_score([good, good, good]) == 100


def test_job_success_score_counts_low_ratings_and_lost_disputes_against():
    good = Outcome(paid_cents=10_000, client_score=5, lost_dispute=False)
    low = Outcome(paid_cents=10_000, client_score=2, lost_dispute=False)
    lost = Outcome(paid_cents=0, client_score=None, lost_dispute=True)
    neutral = Outcome(paid_cents=10_000, client_score=3, lost_dispute=False)
    nothing = Outcome(paid_cents=0, client_score=None, lost_dispute=False)
    assert rules.job_success_score([good, good, low, lost, nothing]) == 50
    assert rules.job_success_score([good, neutral, neutral]) == 33
    assert rules.outcome_kind(Outcome(paid_cents=5_000, client_score=None, lost_dispute=False)) == "positive"
    assert rules.outcome_kind(nothing) == "none"


def test_earnings_band_thresholds():
    assert rules.earnings_band(0) == ""
    assert rules.earnings_band(9_999) == ""
    assert rules.earnings_band(10_000) == "$100+"
    assert rules.earnings_band(100_000) == "$1K+"
    assert rules.earnings_band(1_500_000) == "$10K+"
    assert rules.earnings_band(250_000_000) == "$1M+"


def test_proposal_band_and_average_rating():
    assert [rules.proposal_band(n) for n in (0, 4, 5, 14, 20, 49, 50, 300)] == [
        "Less than 5", "Less than 5", "5 to 10", "10 to 15", "20 to 50", "20 to 50", "50+", "50+",
    ]
    assert rules.average_rating(0, 0) is None
    assert rules.average_rating(14, 3) == 4.7
