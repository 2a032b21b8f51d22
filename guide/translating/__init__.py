"""Translators' tools: which content needs translating, stale translations, the translation
status, terminology checks and content in PO files.

- ``fields``: the translated models and fields readers see, and conditions on them;
- ``keys``: stable keys for objects (slugs, codes, years), the same on every install;
- ``stale``: the English a translation was made from, kept up to date through ``save()``;
- ``terms``: the glossary as a termbase;
- ``status``: counts of translated, missing and stale content, and the interface catalogue;
- ``po``: content exported to and imported from PO files.
"""
