from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignalsConfig(AppConfig):
    name = "signals"
    verbose_name = _("Early warning")

    def ready(self) -> None:
        from signals import plugin

        plugin.register()
