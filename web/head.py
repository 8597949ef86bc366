"""HEAD requests get the headers of GET and no body, whatever the server.

Django's WSGI handler answers HEAD with the whole GET response and leaves
dropping the body to the server. Django's runserver does; gunicorn drops it
too, but warns in its log for every HEAD request ("WSGI app sent body bytes
on a no-body response"), and load balancers and link checkers send many.
This wrapper drops it first, outside Django: every response is covered (the
page cache's, WhiteNoise's, error pages), and the page cache still stores the
whole page a HEAD request rendered. Content-Length stays that of GET.
"""


def head_without_body(application):
    def wsgi(environ, start_response):
        result = application(environ, start_response)
        if environ.get("REQUEST_METHOD") != "HEAD":
            return result
        # Closing the response is what ends Django's request (request_finished:
        # database connections are returned); the server would have done it.
        close = getattr(result, "close", None)
        if close is not None:
            close()
        return []

    return wsgi
