"""Provider slots: how a lower app shows what a higher app computes without importing it.

Dependencies point one way (README "Dependencies point one way"). When a page of a lower app
(accounts' profiles, marketplace's job cards) shows figures a higher app derives (reputation's
ratings and client stats), the lower app declares a slot with a safe default and the higher app
fills it in its `AppConfig.ready()`:

    # marketplace/providers.py                       # reputation/apps.py, ready()
    job_card_facts = Provider("job_card_facts",      marketplace_providers.job_card_facts.register(
                              default=_no_facts)         selectors.job_card_facts)

The lower app calls the slot like the function it stands for. One provider per slot: registering a
second one is a bug (two apps claiming the same figures) and raises. trust's registry does the same
for trust, with its own shapes (fields, uploads, relationships).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class Provider(Generic[P, R]):
    """A function one app needs and another supplies at start-up; `default` until then."""

    def __init__(self, name: str, *, default: Callable[P, R]) -> None:
        self.name = name
        self.default = default
        self.provided: Callable[P, R] | None = None

    def register(self, fn: Callable[P, R]) -> Callable[P, R]:
        if self.provided is not None and self.provided is not fn:
            raise RuntimeError(f"{self.name} already has a provider ({self.provided!r}).")
        self.provided = fn
        return fn

    @property
    def is_provided(self) -> bool:
        return self.provided is not None

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        return (self.provided or self.default)(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<Provider {self.name}: {self.provided or 'default'}>"
