"""Suite-wide test settings."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

# No per-example deadline: the first example pays for loading lexicons and the gazetteer,
# and CI machines are slower than ours. Property tests check behaviour, never speed.
settings.register_profile("episignal", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("episignal")
