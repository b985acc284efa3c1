from django import template

register = template.Library()


@register.filter
def hm(minutes: int | None) -> str:
    """Minutes as "3h 05m"."""
    minutes = int(minutes or 0)
    return f"{minutes // 60}h {minutes % 60:02d}m"
