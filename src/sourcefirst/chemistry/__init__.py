"""Peptide chemistry: parse sequences, compute formula/mass/pI/charge, map fragments."""

from sourcefirst.chemistry.fragments import (
    FragmentReport,
    ProteinMatch,
    SharedMotif,
    map_fragments,
)
from sourcefirst.chemistry.parse import (
    MAX_INPUT_CHARS,
    MAX_RESIDUES,
    ParsedSequence,
    SequenceError,
    parse_sequence,
)
from sourcefirst.chemistry.properties import (
    PKA_SCALE,
    PKA_SCALE_NOTE,
    SequenceProperties,
    compute,
)

__all__ = [
    "MAX_INPUT_CHARS",
    "MAX_RESIDUES",
    "PKA_SCALE",
    "PKA_SCALE_NOTE",
    "FragmentReport",
    "ParsedSequence",
    "ProteinMatch",
    "SequenceError",
    "SequenceProperties",
    "SharedMotif",
    "compute",
    "map_fragments",
    "parse_sequence",
]
