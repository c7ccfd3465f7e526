"""The named Cypher queries (*.cypher), package data read through importlib.resources."""
