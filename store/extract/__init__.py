"""Extraction: figures, shares, changes, quotas, lists and dated events from sentences.

Kept free of imports so that `store.extract.dates` can be used without compiling every rule.
"""
