from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo site (`manage.py demo_data`, `make demo`): rows of every app built through their
    services. It builds on all the apps, so it sits above them all (last in INSTALLED_APPS, top of the
    import layers) and nothing imports it."""

    name = "demo"
    verbose_name = "Demo data"
