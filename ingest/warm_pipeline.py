"""Imported by the extraction fork server (ingest.pipeline.extract_many with workers): builds the
pipeline and loads jieba's dictionary once, so every worker forked from the server starts warm."""
import jieba

from ecograph.ingest.pipeline import build_nlp

build_nlp()
jieba.initialize()
