"""How many examples the expensive properties run: a share of the profile's count (docs/testing.md).

Imported after tests/conftest.py has loaded the profile, so ``HYPOTHESIS_PROFILE=deep`` raises these too.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

# Each example generates, writes and validates a whole package: a tenth of the count (10 by default, which
# found every bug planted to test it). Generating a package is slow by design (every row backed by evidence
# in a generated text), so Hypothesis's too_slow health check is not a finding here, and only here.
whole_packages = settings(
    max_examples=max(10, settings().max_examples // 10), suppress_health_check=[HealthCheck.too_slow]
)

# Each example validates a whole copy of the checkout: a quarter of the count.
whole_copies = settings(max_examples=max(25, settings().max_examples // 4))
