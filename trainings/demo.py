"""Invented demo trainings (filled in below)."""

from jongerenwerk.core.registry import DemoData


def demo_trainings_seed(demo: DemoData) -> None:
    pass
