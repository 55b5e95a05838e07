import os

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import override

from zvh.demo.casework import demo_casework_load
from zvh.demo.registrations import demo_registrations_load
from zvh.demo.services import (
    DEFAULT_DEMO_PASSWORD,
    DEMO_API_CLIENT_NAME,
    demo_api_client_ensure,
    demo_load,
)
from zvh.demo.start_block import start_block


class Command(BaseCommand):
    help = (
        "Load the shipped Veiligheidshuis configurations, demo partners, demo accounts, demo "
        "registrations in every state and a demo API client; end with where to log in."
    )

    def handle(self, *args: object, **options: object) -> None:
        users = demo_load()
        now = timezone.now()
        created = demo_registrations_load(now=now)
        items = demo_casework_load(now=now)
        self.stdout.write(
            f"Loaded the configurations, {len(users)} demo accounts, "
            f"{len(created)} new demo registrations and {len(items)} new demo agenda items."
        )
        token = demo_api_client_ensure(now=now)
        with override("en"):
            block = start_block(
                password=os.environ.get("ZVH_DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD,
                api_token=token,
                api_client_name=DEMO_API_CLIENT_NAME,
            )
        self.stdout.write(self.style.SUCCESS(block))
