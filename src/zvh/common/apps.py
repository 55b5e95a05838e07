from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "zvh.common"
    label = "common"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from two_factor.signals import user_verified

        from . import checks  # noqa: F401  (registers the deployment checks)
        from .middleware import remember_login_time
        from .reauthentication import on_user_verified

        user_logged_in.connect(remember_login_time, dispatch_uid="zvh_remember_login_time")
        user_verified.connect(on_user_verified, dispatch_uid="zvh_reauthenticated_at_login")
