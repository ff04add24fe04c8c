"""Research groups: union-find over sources sharing a normalised author, after aliases."""

from __future__ import annotations

from sourcefirst.domain.diagnostics import Location
from sourcefirst.domain.groups import alias_map, name_key, research_groups
from sourcefirst.domain.kb import KnowledgeBase
from sourcefirst.load.records import Located
from sourcefirst.schema.author import Author
from sourcefirst.schema.source import Name, Source


def paper(source_id: str, *authors: tuple[str, str]) -> Source:
    return Source.model_validate(
        {
            "id": source_id,
            "type": "article-journal",
            "title": source_id,
            "author": [{"family": f, "given": g} for f, g in authors],
            "study": {"design": "in_vivo", "species": "rat"},
            "summary": "A paper.",
        }
    )


def test_names_compare_as_family_and_first_initial() -> None:
    assert name_key(Name(family="Sokolov", given="O Yu")) == "sokolov o"
    assert name_key(Name(family="Sokolov", given="O I")) == "sokolov o"
    assert (
        name_key(Name(literal="U.S. Food and Drug Administration"))
        == "org:u.s. food and drug administration"
    )


def test_a_chain_of_shared_authors_is_one_group_and_aliases_join_spellings() -> None:
    sources = {
        s.id: s
        for s in (
            paper("a", ("Dolotov", "O V"), ("Myasoedov", "N F")),
            paper("b", ("Grivennikov", "I A"), ("Dolotov", "O")),  # shares Dolotov with a
            paper("c", ("Kasian", "A"), ("Grivennikov", "I")),  # shares Grivennikov with b
            paper("d", ("Miasoedov", "N F")),  # Myasoedov, transliterated
            paper("e", ("Gusev", "E I")),
            paper("f"),  # no author recorded
        )
    }
    without = research_groups(sources, sources, {})
    assert without.groups == (("a", "b", "c"), ("d",), ("e",), ("f",))
    assert without.count == 3  # "f" cannot be placed
    aliases = alias_map(
        [
            Located(
                Author(
                    name=Name(family="Myasoedov", given="N F"),
                    aliases=[Name(family="Miasoedov", given="N F")],
                ),
                Location("authors.yaml", 1),
            )
        ]
    )
    joined = research_groups(sources, sources, aliases)
    assert joined.groups[0] == ("a", "b", "c", "d")
    assert joined.label == (
        "5 studies from 2 independent groups, plus 1 study whose authors are not recorded"
    )
    single = research_groups(["a", "b"], sources, aliases)
    assert single.single_group
    assert single.label == "2 studies from 1 research group (single-group evidence)"


def test_bundled_aliases_join_the_two_spellings(kb: KnowledgeBase) -> None:
    assert kb.aliases["miasoedov n"] == "myasoedov n"
    # kost-2001 spells Miasoedov, medvedeva-2014 Myasoedov; they share no other author
    pair = ["kost-2001-bioorgkhim", "medvedeva-2014-bmcgenomics"]
    assert kb.groups(pair).count == 1
    assert research_groups(pair, kb.sources, {}).count == 2
