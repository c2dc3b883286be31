"""The coordinators' web dashboard: server-rendered pages on aiohttp.

A layer beside the adapters (it is another way in, for staff rather than students):
it reads through the store, measures with the insights and queues through the
schedule, and never imports an adapter or a chat platform's library. The root
(`bot/app/dashboard.py`) builds its `Dashboard` and serves it.

- `app.py`: the aiohttp application, security headers, serving on a port.
- `auth.py`: sign-in by one-time link, the signed session cookie, CSRF, sign-out.
- `tokens.py`: random tokens, their hashes, cookie signatures.
- `render.py`: Jinja2 pages from `templates/` (HTML-escaped); `charts.py`: SVG lines.
- `pages/`: cohorts, a cohort (+ CSV), a student, check-ins, alerts, outbox.
- `static/`: the stylesheet, a small script, and htmx (vendored, 0BSD licence beside it).

Every page works with JavaScript off; htmx only boosts links and forms.
"""
