from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def bare(request: HttpRequest) -> HttpResponse:
    """A constant page through the same middleware and template engine: the job list's yardstick."""
    return render(request, "bench/bare.html")
