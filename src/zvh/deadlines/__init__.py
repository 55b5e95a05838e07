"""Reply-term arithmetic: pure functions and calendars, no database."""
