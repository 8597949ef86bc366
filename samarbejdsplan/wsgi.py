import os

from django.core.wsgi import get_wsgi_application

from web.head import head_without_body

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samarbejdsplan.settings")
application = head_without_body(get_wsgi_application())
