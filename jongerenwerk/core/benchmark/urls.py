"""The portal's URLs plus the bare view, for the throughput benchmark only."""

from django.urls import path

from jongerenwerk.core.benchmark.views import bare
from jongerenwerk.urls import handler403, handler404, handler500
from jongerenwerk.urls import urlpatterns as portal

urlpatterns = [path("__bare__/", bare), *portal]
__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
