from django.core.management.base import BaseCommand

from zvh.demo.services import demo_load


class Command(BaseCommand):
    help = "Load the shipped Veiligheidshuis configurations, demo partners and demo accounts."

    def handle(self, *args: object, **options: object) -> None:
        users = demo_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded the configurations and {len(users)} demo accounts: "
                + ", ".join(user.username for user in users)
            )
        )
