"""schema.org JSON-LD for item pages and the plan, safe to place inside <script>."""
from __future__ import annotations

import json

from markupsafe import Markup

from ..records.site import Site
from ..settings import Settings
from . import urls

_SCRIPT_SAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                ord("\u2028"): "\\u2028", ord("\u2029"): "\\u2029"}


def script(data: dict) -> Markup:
    """A JSON-LD <script>. Editor text cannot close the element: <, > and & are \\u-escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)
    return Markup('<script type="application/ld+json">') + Markup(text) + Markup("</script>")


def _without_empty(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def landmark(site: Site, landmark, settings: Settings) -> dict:
    kind = site.term("landmark_kinds", landmark.kind)
    address = None
    if landmark.address:
        address = {"@type": "PostalAddress", "streetAddress": landmark.address,
                   "addressLocality": "上海市普陀区", "addressCountry": "CN"}
    return _without_empty({
        "@context": "https://schema.org",
        "@type": (kind.schema_type if kind and kind.schema_type else "Place"),
        "@id": settings.absolute(urls.landmark(landmark.id)),
        "name": landmark.name,
        "alternateName": list(landmark.aliases),
        "description": landmark.summary,
        "url": settings.absolute(urls.landmark(landmark.id)),
        "address": address,
        "telephone": landmark.phone,
    })


def route(site: Site, route, settings: Settings) -> dict:
    stops = []
    for position, stop in enumerate(route.stops, start=1):
        landmark = site.landmarks[stop.landmark]
        stops.append({"@type": "ListItem", "position": position,
                      "item": {"@type": "Place", "name": landmark.name,
                               "url": settings.absolute(urls.landmark(landmark.id))}})
    return _without_empty({
        "@context": "https://schema.org",
        "@type": "TouristTrip",
        "@id": settings.absolute(urls.route(route.id)),
        "name": route.name,
        "description": route.summary,
        "url": settings.absolute(urls.route(route.id)),
        "touristType": route.theme,
        "itinerary": {"@type": "ItemList", "itemListOrder": "https://schema.org/ItemListOrderAscending",
                      "numberOfItems": len(stops), "itemListElement": stops},
        "provider": [{"@type": "Organization", "name": name} for name in route.organisers],
    })


def story(site: Site, story, settings: Settings) -> dict:
    author = ({"@type": "Organization", "name": story.author} if story.author
              else {"@type": "Organization", "name": settings.site_name})
    return _without_empty({
        "@context": "https://schema.org",
        "@type": "Article",
        "@id": settings.absolute(urls.story(story.id)),
        "headline": story.title,
        "description": story.summary,
        "datePublished": story.date.isoformat(),
        "inLanguage": "zh-CN",
        "url": settings.absolute(urls.story(story.id)),
        "author": author,
        "publisher": {"@type": "Organization", "name": settings.site_name},
        "keywords": [site.term("tags", tag).name for tag in story.tags],
        "about": [{"@type": "Place", "name": site.landmarks[i].name,
                   "url": settings.absolute(urls.landmark(i))} for i in story.landmarks],
    })


def plan(site: Site, settings: Settings) -> dict:
    plan = site.plan
    return _without_empty({
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "additionalType": "https://schema.org/GovernmentService",
        "@id": settings.absolute("plan/"),
        "name": plan.title,
        "headline": plan.title,
        "datePublished": plan.date.isoformat(),
        "inLanguage": "zh-CN",
        "url": settings.absolute("plan/"),
        "publisher": [{"@type": "GovernmentOrganization", "name": issuer} for issuer in plan.issuers],
        "hasPart": [{"@type": "CreativeWork", "name": f"{part.number}、{part.title}",
                     "url": settings.absolute(urls.plan_part(part.id))} for part in plan.parts],
    })
