"""The data model: pydantic models of every file kind (models.py), the checks on source
addresses (source_urls.py) and the JSON Schema files generated from the models (schema.py).

The key names are a contract (docs/architecture.md).
"""
