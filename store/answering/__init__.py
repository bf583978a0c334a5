"""Answering internals: text normalisation, the concept lexicon, the search index, composition.

The public entry point is store.answer.answer_question.
"""
