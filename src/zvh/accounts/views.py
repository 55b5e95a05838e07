"""Account pages: login with a second factor, and the home page each role starts from."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from two_factor.views import LoginView as TwoFactorLoginView

from .selectors import start_cards_for


class LoginView(TwoFactorLoginView):
    """Password, then the TOTP code (or a recovery code). Named ``LoginView`` on purpose: the
    wizard's form prefix (``login_view``) derives from the class name."""

    template_name = "two_factor/core/login.html"

    def get_form(self, step=None, **kwargs):
        form = super().get_form(step=step, **kwargs)
        if "otp_token" in form.fields:
            form.fields["otp_token"].label = (
                _("Recovery code") if self.steps.current == self.BACKUP_STEP else _("Code")
            )
        return form


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where a user starts after logging in: one block per role they hold."""
    return render(request, "accounts/home.html", {"cards": start_cards_for(request.user)})
