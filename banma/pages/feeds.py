"""Atom and RSS 2.0 feeds of community stories and plan progress updates, newest first."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..records.site import Site
from ..settings import Settings
from . import urls
from .templating import render

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    url: str
    date: dt.date
    summary: str
    category: str


def entries(site: Site, settings: Settings) -> list[Entry]:
    found = [Entry(f"tag:{settings.host},{story.date.isoformat()}:story/{story.id}", story.title,
                   settings.absolute(urls.story(story.id)), story.date, story.summary, "亲河社区故事")
             for story in site.stories.values()]
    for item_id, (part, item) in site.plan_items.items():
        for index, update in enumerate(item.progress.updates, start=1):
            found.append(Entry(f"tag:{settings.host},{update.date.isoformat()}:plan/{item_id}/{index}",
                               f"计划进展：{part.number}{item.number}{item.title}",
                               settings.absolute(urls.plan_item(item_id)), update.date, update.note, "计划进展"))
    return sorted(found, key=lambda e: (e.date, e.id), reverse=True)


def rfc822(day: dt.date) -> str:
    return f"{_WEEKDAYS[day.weekday()]}, {day.day:02d} {_MONTHS[day.month - 1]} {day.year} 00:00:00 +0800"


def feed_files(site: Site, settings: Settings) -> dict[str, bytes]:
    found = entries(site, settings)
    newest = found[0].date if found else site.plan.date  # from data, so the same data gives the same bytes
    atom = render("feeds/atom.xml", settings=settings, entries=found,
                  updated=f"{newest.isoformat()}T00:00:00+08:00")
    rss = render("feeds/rss.xml", settings=settings, entries=found, updated_date=newest, rfc822=rfc822)
    return {"feed.xml": atom.encode("utf-8"), "rss.xml": rss.encode("utf-8")}
