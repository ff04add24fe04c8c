"""Literature intake: database exports → one normalised record type → source YAML drafts.

parsers (pubmed_xml, medline, ris, bibtex, csljson) → ImportedRecord (record.py) → duplicates
against existing sources and the batch (duplicates.py) → drafts written atomically (drafts.py).
The identifier audit (audit.py) and the retraction data import (retractions.py) live here too.
"""
