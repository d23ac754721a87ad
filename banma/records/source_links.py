"""A source links only to its publisher's own site: never to a copy of the article elsewhere.

Copies of news articles circulate on unrelated sites, some of which wrap them in spam; a district's public site must
not send readers there. Each publisher in the vocabulary names its own domains; a source's `url` must be on one of
them (a subdomain counts), or, for a repost that names its original, on the original publisher's. A copy an editor
found is kept in `copy_url`, which no page, feed or download shows.
"""
from __future__ import annotations

from urllib.parse import urlsplit


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().rstrip(".")


def on_domains(url: str, domains) -> bool:
    host = host_of(url)
    return any(host == domain or host.endswith("." + domain) for domain in domains)


def check_source_links(check, site) -> None:
    publishers = {term.id: term for term in site.vocabulary.publishers}
    for source_id, source in site.items_and_drafts("sources").items():
        if not source.url:
            continue
        owner = publishers.get(source.publisher)
        allowed = [owner] if owner else []
        if source.type == "repost" and source.original and source.original.publisher in publishers:
            allowed.append(publishers[source.original.publisher])
        if not allowed or any(on_domains(source.url, term.domains) for term in allowed):
            continue  # an unknown publisher is reported as a reference
        names = "、".join(term.name for term in allowed)
        domains = "、".join(d for term in allowed for d in term.domains) or "（没有登记域名）"
        check.add(("sources", source_id), ("url",),
                  f"网址的网站“{host_of(source.url)}”不是发布者（{names}）自己的网站（{domains}）：本站不链接别处的转载副本。",
                  f"The link's host '{host_of(source.url)}' is not the publisher's own site ({', '.join(d for t in allowed for d in t.domains) or 'no domains registered'}): "
                  "the site never links a copy of an article on another site.",
                  "找到原发媒体网站上的原文，把网址改为它；找不到时把这个网址移到 copy_url（只供编辑核对），删去 url，"
                  "在 offline 中写“原文网址未知（媒体，日期）”。发布者的网站确实是这个域名时，在 vocabularies.yaml 的 "
                  "publishers 中给它加上 domains。",
                  "Link the article on the outlet's own site; if none is known, move this link to copy_url (for editors "
                  "only), remove url and write offline: 原文网址未知 (outlet, date). If this really is the publisher's "
                  "site, add the domain to its domains in vocabularies.yaml.")
