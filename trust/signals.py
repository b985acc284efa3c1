"""Signals trust sends to apps it must not know (trust imports no app).

`user_sanctioned(sender=Sanction, sanction=..., user=..., kind=...)`: a sanction came into force, sent
inside the transaction that applied it. Receivers may return something for the audit log (accounts
returns the talent badges it removed); anything with side effects outside the database (closing a
suspended user's open sockets: messaging) runs it with `transaction.on_commit`.
"""
from django.dispatch import Signal

user_sanctioned = Signal()
