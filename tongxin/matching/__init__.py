"""Matching of needs (所需) with offers (所长); the pure engine lives in ``engine``."""
