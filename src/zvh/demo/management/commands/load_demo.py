from django.core.management.base import BaseCommand
from django.utils import timezone

from zvh.demo.services import DEMO_API_CLIENT_NAME, demo_api_client_ensure, demo_load


class Command(BaseCommand):
    help = (
        "Load the shipped Veiligheidshuis configurations, demo partners, demo accounts and a demo "
        "API client."
    )

    def handle(self, *args: object, **options: object) -> None:
        users = demo_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded the configurations and {len(users)} demo accounts: "
                + ", ".join(user.username for user in users)
            )
        )
        token = demo_api_client_ensure(now=timezone.now())
        if token:
            self.stdout.write(
                f"Demo API client {DEMO_API_CLIENT_NAME!r} (Politie (demo)); its token, shown "
                f"only now:\n{token}"
            )
        else:
            self.stdout.write(
                f"Demo API client {DEMO_API_CLIENT_NAME!r} exists; make a new one with "
                "`manage.py create_api_client` if you lost its token."
            )
