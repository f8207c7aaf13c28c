from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "jongerenwerk.core"
    label = "core"
    verbose_name = _("Organisations and people")

    def ready(self) -> None:
        from jongerenwerk.core import allauth_words, pagecache, plugin, receivers  # noqa: F401 (receivers connect on import)

        plugin.register()
