"""What trust announces to apps it must not import (it imports none): notifications listens.

decision_made: sent after commit with sender=<the model class>, user, title, text, url, when a
decision about a user's account is taken (a sanction applied or lifted, an appeal decided).
"""
from django.dispatch import Signal

decision_made = Signal()
