"""Shared pieces every app may import (and that import no app): the timestamped base model, the error
hierarchy, the transition helper and money parsing/formatting."""
