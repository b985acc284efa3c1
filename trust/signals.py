"""Signals trust sends to apps it must not know (trust imports no app).

`user_sanctioned(sender=Sanction, sanction=..., user=..., kind=...)`: a sanction came into force, sent
inside the transaction that applied it. Receivers may return something for the audit log (accounts
returns the talent badges it removed); anything with side effects outside the database (closing a
suspended user's open sockets: messaging) runs it with `transaction.on_commit`.

`decision_made(sender=..., user=..., title=..., url=...)`: sent after commit when a decision about a
user's account was taken and they are told (a sanction applied or lifted, an appeal decided, a
report's outcome); notifications shows it in-app.
"""
from django.dispatch import Signal

user_sanctioned = Signal()
decision_made = Signal()
