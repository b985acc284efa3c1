"""Errors of the contracts domain. All are ValidationErrors so forms and views show `.messages`."""

from django.core.exceptions import ValidationError


class ContractsError(ValidationError):
    """Base: a refused contract or money operation, with a message fit for the user."""


class InvalidTransition(ContractsError):
    """The object is not in a state that allows this step (or it already happened)."""


class NotAParty(ContractsError):
    """The acting user has no role in this contract that allows this step."""


class InsufficientFunds(ContractsError):
    """A balance that may not go below zero would have."""


class PaymentFailed(ContractsError):
    """The payment provider declined a charge or payout."""


class IdentityNotVerified(ContractsError):
    """Withdrawals need a verified identity."""


class LedgerError(RuntimeError):
    """A posting broke a ledger invariant (a bug, never a user error): explicit, so `python -O`
    cannot strip the check the way it strips `assert`."""


class KeyReused(ContractsError):
    """A confirmation key already moved money for a different operation."""
