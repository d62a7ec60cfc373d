"""Reading a knowledge base: strict YAML (safe_yaml.py) and spreadsheets (sheets.py,
sheet_limits.py) in; each file validated against the models (loader.py); the checks across
files (checks.py); the result, a KnowledgeBase (knowledge_base.py); and a designer's draft,
read once and added to a copy of it (drafts.py).

Every problem is reported with its place; no later stage reads a data file (docs/architecture.md).
"""
