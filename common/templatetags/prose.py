import re

from django import template
from django.utils.safestring import mark_safe

from common.orddeling import soft_hyphens
from common.text import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """An editor's Markdown as sanitised HTML."""
    return render_markdown(text)


LINK = re.compile(r'<a href="(?P<href>[^"]*)"[^>]*>(?P<text>.*?)</a>', re.DOTALL)


@register.filter(name="markdown_dokument")
def markdown_document_filter(text):
    """Markdown for the export: a link becomes its text and address, so the
    file points to nothing outside itself and a printed page keeps the address."""

    def as_text(match):
        href, label = match["href"], match["text"]
        if href.startswith(("#", "mailto:")):
            return match[0]
        return (
            label if href in (label, f"https://{label}", f"http://{label}") else f"{label} ({href})"
        )

    return mark_safe(LINK.sub(as_text, render_markdown(text)))


@register.filter(name="orddeling")
def soft_hyphens_filter(text):
    """Soft hyphens in long words (common/orddeling.py), escaped as any text."""
    return soft_hyphens(str(text))
