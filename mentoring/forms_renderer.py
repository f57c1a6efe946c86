"""How form widgets are drawn: Django's own widgets with Jinja2, which draws a select of
twenty options in a third of the time of the Django template language (list pages carry
filter forms of several selects); the admin's and other apps' widgets, which only have
Django templates, as Django draws them."""

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class Renderer(BaseRenderer):
    def __init__(self):
        self.fast, self.default = Jinja2(), DjangoTemplates()

    def get_template(self, template_name):
        try:
            return self.fast.get_template(template_name)
        except TemplateDoesNotExist:
            return self.default.get_template(template_name)
