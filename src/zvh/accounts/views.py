"""Account pages: login with a second factor, enrolment, and the home page each role starts from."""

from typing import Any

from django import forms
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN, PasswordResetConfirmView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from two_factor.plugins.registry import MethodBase, registry
from two_factor.views import LoginView as TwoFactorLoginView
from two_factor.views import SetupView as TwoFactorSetupView

from .invitations import invitation_accept, invitation_tokens
from .navigation import landing_url_for
from .second_factor import WEBAUTHN, offered_methods
from .selectors import start_cards_for


class LoginView(TwoFactorLoginView):
    """Password, then the second factor: the code of the authenticator app, the security key or
    passkey (the browser asks for it by itself), or a recovery code. Named ``LoginView`` on
    purpose: the wizard's form prefix (``login_view``) derives from the class name."""

    template_name = "two_factor/core/login.html"

    def get_success_url(self) -> str:
        """Where the user asked to go; else (or when that is the overview) where they start:
        a user with one role lands on their work list (``navigation.landing_url_for``)."""
        url = self.get_redirect_url()
        if url and url != reverse("home"):
            return url
        return landing_url_for(self.get_user())

    def get_form(self, step=None, **kwargs):
        form = super().get_form(step=step, **kwargs)
        if "otp_token" in form.fields:
            field = form.fields["otp_token"]
            if (step or self.steps.current) == self.BACKUP_STEP:
                field.label = _("Recovery code")
            elif self.uses_webauthn():
                field.label = _("Answer of the security key")
            else:
                field.label = _("Code")
        return form

    def uses_webauthn(self) -> bool:
        """The second factor asked for is a security key or passkey."""
        device = self.get_device() if self.get_user() else None
        return device is not None and registry.method_from_device(device).code == WEBAUTHN

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form, **kwargs)
        context["webauthn"] = self.steps.current == self.TOKEN_STEP and self.uses_webauthn()
        return context


class MethodForm(forms.Form):
    """The second factors zvh offers, and nothing else (no SMS, phone call or e-mail)."""

    method = forms.ChoiceField(label=gettext_lazy("Second factor"), widget=forms.RadioSelect)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        field = self.fields["method"]
        field.choices = [(method.code, label) for method, label in offered_methods()]
        field.initial = field.choices[0][0]


class SetupView(TwoFactorSetupView):
    """Enrolment at the first login: choose an authenticator app or a security key/passkey."""

    form_list = (("welcome", forms.Form), ("method", MethodForm))

    def get_available_methods(self) -> list[MethodBase]:
        return [method for method, _label in offered_methods()]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where a user starts after logging in: one block per role they hold."""
    return render(request, "accounts/home.html", {"cards": start_cards_for(request.user)})


class InvitationView(PasswordResetConfirmView):
    """The invitee's link: choose a password (Django's password-reset confirmation, with the
    invitation's own tokens), then enrol a second factor. The token leaves the URL at once
    (Django moves it into the session), so it never reaches a Referer header or a log line."""

    token_generator = invitation_tokens
    template_name = "accounts/invitation.html"
    success_url = reverse_lazy("two_factor:setup")
    post_reset_login_backend = "zvh.accounts.backends.UserBackend"

    def form_valid(self, form: Any) -> HttpResponse:
        token = self.request.session.pop(INTERNAL_RESET_SESSION_TOKEN, "")
        try:
            user = invitation_accept(
                user=form.user, token=token, password=form.cleaned_data["new_password1"]
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        auth_login(self.request, user, self.post_reset_login_backend)
        return HttpResponseRedirect(self.get_success_url())
