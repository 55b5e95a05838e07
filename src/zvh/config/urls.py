from django.contrib.auth import views as auth_views
from django.urls import include, path

from zvh.accounts import two_factor_urls
from zvh.accounts import views as account_views
from zvh.accounts.admin_site import admin_site
from zvh.accounts.session_timeout import session_keep_alive
from zvh.common.reauthentication import reauthenticate

urlpatterns = [
    path("", account_views.home, name="home"),
    path("accounts/login/", account_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/bevestigen/", reauthenticate, name="reauthenticate"),
    path("accounts/sessie/verlengen/", session_keep_alive, name="session_keep_alive"),
    path("accounts/", include("zvh.accounts.urls")),
    path("aanmeldingen/", include("zvh.registrations.urls")),
    path("meldpunt/e-mail/", include("zvh.intake.urls")),
    path("meldpunt/", include("zvh.triage.urls")),
    path("privacy/verzoeken/", include("zvh.subject_requests.urls")),
    path("privacy/", include("zvh.access_log.urls")),
    path("bewaartermijnen/", include("zvh.subject_requests.extension_urls")),
    path("cijfers/", include("zvh.reporting.urls")),
    path("regie/", include("zvh.triage.casework_urls")),
    path("overleg/", include("zvh.casework.urls")),
    path("aanpak/", include("zvh.approach.urls")),
    path("accounts/", include((two_factor_urls.urlpatterns, "two_factor"))),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin_site.urls),
    path("api/v1/", include("zvh.api.urls")),
    path("", include("zvh.operations.urls")),
]
