from django.shortcuts import render

from .selectors import reported_value_list


def program_panel(request, program):
    """The program page's 'reported figures' section, each value with its provenance."""
    values = list(reported_value_list(user=request.user, program=program)[:50])
    return {"values": values} if values else None


def value_list(request):
    values = reported_value_list(user=request.user)
    return render(request, "indicators/value_list.html", {"values": values[:500]})
