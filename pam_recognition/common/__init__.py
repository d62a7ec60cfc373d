"""Foundations every stage uses: located problems and the errors the library raises
(problems.py), ids and safe paths (slugs.py), text that is safe to print (text_safety.py),
atomic writes (atomic.py) and where outputs may go (outputs.py), the licences (licences.py).

Nothing here imports another stage (docs/architecture.md).
"""
