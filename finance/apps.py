from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = _("Finances")

    def ready(self) -> None:
        from cjs import demo as demo_registry
        from finance import (
            capabilities,  # noqa: F401  (registers the app's capabilities)
            demo,
        )

        demo_registry.register(self.name, demo.seed)
