"""How many examples the expensive properties run: a share of the profile's count (docs/testing.md).

Imported after tests/conftest.py has loaded the profile, so ``HYPOTHESIS_PROFILE=deep`` raises these too.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

# Each example generates, writes and validates a whole package: a tenth of the count (5 in plain pytest,
# 10 in CI; 5 found every bug planted to test it, docs/testing.md). Generating a package is slow by design
# (every row backed by evidence in a generated text), so Hypothesis's too_slow health check is not a
# finding here, and only here.
whole_packages = settings(
    max_examples=max(5, settings().max_examples // 10), suppress_health_check=[HealthCheck.too_slow]
)

# Each example validates a whole copy of the checkout: a quarter of the count (12 in plain pytest, 25 in CI).
whole_copies = settings(max_examples=max(12, settings().max_examples // 4))
