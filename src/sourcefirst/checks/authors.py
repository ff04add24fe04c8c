"""Author alias checks: an alias may join two spellings of one person, never two people."""

from __future__ import annotations

from sourcefirst.domain.diagnostics import Category, Diagnostic
from sourcefirst.domain.groups import name_key
from sourcefirst.domain.kb import KnowledgeBase


def _family(key: str) -> str:
    return key.rsplit(" ", 1)[0] if " " in key else key


def check_authors(kb: KnowledgeBase) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for item in kb.authors:
        names = [item.value.name, *item.value.aliases]
        keys = [k for k in (name_key(n) for n in names) if k]
        shown = ", ".join(n.display for n in names)
        by_family: dict[str, set[str]] = {}
        for key in keys:
            by_family.setdefault(_family(key), set()).add(key)
        if any(len(spellings) > 1 for spellings in by_family.values()):
            found.append(
                Diagnostic.at(
                    item.where,
                    "SF945",
                    Category.SCHEMA,
                    f"author alias joins {shown}: same family name, different first initials "
                    "are different people",
                    "an alias records another spelling of the same name; remove this alias",
                )
            )
            continue
        distinct = set(keys)
        for source in kb.sources.values():
            on_paper = {name_key(n) for n in source.author} & distinct
            if len(on_paper) > 1:
                found.append(
                    Diagnostic.at(
                        item.where,
                        "SF946",
                        Category.SCHEMA,
                        f"author alias joins {shown}, but {source.id} lists them as two "
                        "different authors",
                        "two names on one paper are two people; remove this alias",
                    )
                )
                break
    return found
