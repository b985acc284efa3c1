"""Signals trust sends to apps it must not know (trust imports no app).

`user_sanctioned(sender=Sanction, sanction=..., user=..., kind=...)`: a sanction came into force, sent
inside the transaction that applied it. Receivers may return something for the audit log (accounts
returns the talent badges it removed); anything with side effects outside the database (closing a
suspended user's open sockets: messaging) runs it with `transaction.on_commit`.

`decision_made(sender=..., user=..., title=..., text=..., url=..., topic=...)`: sent after commit when
a decision about a user's account was taken and they are told (a sanction applied or lifted, an
appeal decided: topic "standing"; a report's outcome: topic "report"). trust words it with its
templates; notifications delivers it (in-app and the one email: trust sends no mail itself).
"""
from django.dispatch import Signal

user_sanctioned = Signal()
decision_made = Signal()
