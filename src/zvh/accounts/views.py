"""Account pages: the home page each role starts from."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .selectors import start_cards_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where a user starts after logging in: one block per role they hold."""
    return render(request, "accounts/home.html", {"cards": start_cards_for(request.user)})
