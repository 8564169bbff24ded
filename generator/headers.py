"""``_headers``: the HTTP headers a static host sends with the site (Netlify and Cloudflare Pages read this
file at the output's root; GitHub Pages takes none, see the README).

The pages carry their Content-Security-Policy in a ``<meta>``; as a header it can also say who may frame a
page (``frame-ancestors``, which a ``<meta>`` cannot): the site itself for pages, anyone for embeds, which
exist to be framed by articles elsewhere. Hashed static files never change under one name, so they are
cached for a year.

A request inherits the headers of every rule its path matches, and a header set twice is joined with a
comma (for a CSP: both policies enforced). So a narrower rule first detaches the CSP of ``/*``
(``! Content-Security-Policy``) before it sets its own. Paths are the output folder's: a host that serves it
under a sub-path needs them prefixed.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import urls
from .pages import content_security_policy

FOR_PAGES, FOR_EMBEDS = "frame-ancestors 'self'", "frame-ancestors *"
IMMUTABLE = "public, max-age=31536000, immutable"
EVERY_PATH = "/*"
STATIC = "/static/*"  # render.hashed_assets: every file there has its content's digest in its name
SEARCH = urls.SEARCH + "*"
# Embeds sit beside the page that shows their chart: the home page's and each regency page's
EMBEDS = (urls.embed("*").removesuffix("/"), ":province/:regency/" + urls.embed("*").removesuffix("/"))


@dataclass(frozen=True)
class Rule:
    path: str  # a host's path pattern: "*" any characters, ":name" one path segment
    headers: tuple[tuple[str, str], ...]
    detach: tuple[str, ...] = ()  # headers of broader rules this path does not inherit


def csp(search: bool = False, embed: bool = False) -> str:
    """The CSP header of a page: its <meta> policy and who may frame it."""
    return f"{content_security_policy(search)}; {FOR_EMBEDS if embed else FOR_PAGES}"


def rules(languages: tuple[str, ...] = ("id",)) -> tuple[Rule, ...]:
    """The rules of a site with these editions: each edition's search page and embeds (``/en/cari/*``)."""
    detach = ("Content-Security-Policy",)
    roots = ["/" + urls.edition(language, languages) for language in languages]
    return (
        Rule(
            EVERY_PATH,
            (
                ("Content-Security-Policy", csp()),
                ("X-Content-Type-Options", "nosniff"),
                ("Referrer-Policy", "strict-origin-when-cross-origin"),
            ),
        ),
        *(Rule(root + SEARCH, (("Content-Security-Policy", csp(search=True)),), detach) for root in roots),
        *(
            Rule(root + path, (("Content-Security-Policy", csp(embed=True)),), detach)
            for root in roots
            for path in EMBEDS
        ),
        Rule(STATIC, (("Cache-Control", IMMUTABLE),)),
    )


def headers_file(found: tuple[Rule, ...]) -> bytes:
    """The rules in the ``_headers`` format: a path, then its headers indented, one per line."""
    blocks = []
    for rule in found:
        lines = [rule.path, *(f"  ! {name}" for name in rule.detach), *(f"  {k}: {v}" for k, v in rule.headers)]
        blocks.append("\n".join(lines))
    return (
        "# HTTP headers for Netlify and Cloudflare Pages (written by jaring build)\n" + "\n\n".join(blocks) + "\n"
    ).encode()
