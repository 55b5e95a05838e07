"""The registration (aanmelding): its persons, the form, drafts and submission."""
