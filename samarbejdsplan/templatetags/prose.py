from django import template

from samarbejdsplan.text import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """An editor's Markdown as sanitised HTML."""
    return render_markdown(text)
