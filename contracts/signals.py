"""Fan-out of contract events to listeners the contracts app must not know (messaging).

Sent after commit with sender=Contract and kwargs: contract, event (str), text (a sentence for
humans), actor (User or None for the system).
"""

from django.dispatch import Signal

contract_event = Signal()
