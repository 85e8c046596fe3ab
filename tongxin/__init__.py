"""Tongxin (同心): one system of record for cooperation and assistance programs."""
