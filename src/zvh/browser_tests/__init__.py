"""Tests that drive real headless Chromium (Debian's package) against a live server."""
