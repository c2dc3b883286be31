"""A student's map as template data: people grouped by part of life, gaps named."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.core.lessons import Option
from bot.vocab.records import PersonRecord


def _labels(options: tuple[Option, ...]) -> dict[str, str]:
    return {o.value: o.label for o in options}


@dataclass(frozen=True, slots=True)
class MapView:
    people: list[dict[str, Any]]
    groups: list[dict[str, Any]]
    empty_domains: list[str]
    count: int
    supports_missing: list[str]


def build_map_view(
    people: list[PersonRecord], catalog_options: dict[str, tuple[Option, ...]]
) -> MapView:
    domains = catalog_options.get("domains", ())
    support_labels = _labels(catalog_options.get("supports", ()))
    closeness_labels = _labels(catalog_options.get("closeness", ()))
    domain_labels = _labels(domains)
    rows = [
        {
            "name": p.name,
            "domain": p.domain,
            "domain_label": domain_labels.get(p.domain, p.domain),
            "supports": [support_labels.get(s, s) for s in p.supports],
            "closeness": closeness_labels.get(p.closeness, p.closeness),
        }
        for p in people
    ]
    groups: list[dict[str, Any]] = []
    for domain in domains:
        members = [r for r in rows if r["domain"] == domain.value]
        groups.append({"value": domain.value, "label": domain.label, "people": members})
    covered = {s for p in people for s in p.supports}
    return MapView(
        people=rows,
        groups=groups,
        empty_domains=[str(g["label"]) for g in groups if not g["people"]],
        count=len(rows),
        supports_missing=[label for v, label in support_labels.items() if v not in covered],
    )
