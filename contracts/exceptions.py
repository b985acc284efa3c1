"""Errors of the contracts domain: core.errors' hierarchy (ValidationErrors, so forms and views show
`.messages`) under contracts' own names."""

from core import errors


class ContractsError(errors.DomainError):
    """Base: a refused contract or money operation, with a message fit for the user."""


class InvalidTransition(ContractsError, errors.InvalidTransition):
    """The object is not in a state that allows this step (or it already happened)."""


class NotAParty(ContractsError, errors.NotAllowed):
    """The acting user has no role in this contract that allows this step."""


class InsufficientFunds(ContractsError):
    """A balance that may not go below zero would have."""


class PaymentFailed(ContractsError):
    """The payment provider declined a charge or payout."""


class IdentityNotVerified(ContractsError, errors.NotAllowed):
    """Withdrawals need a verified identity."""


class LedgerError(RuntimeError):
    """A posting broke a ledger invariant (a bug, never a user error): explicit, so `python -O`
    cannot strip the check the way it strips `assert`."""


class KeyReused(ContractsError, errors.Conflict):
    """A confirmation key already moved money for a different operation."""
