"""Demo organisations and accounts for `make run`. Refused where ``ZVH_DEMO_ALLOWED`` is off."""
