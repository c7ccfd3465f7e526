"""PySpark's Python worker daemon, with the pipeline loaded first: Spark forks every Python worker
of an executor from this process (spark.python.daemon.module), so each starts with the pipeline,
the lexicons and jieba's dictionary already in memory instead of building them per worker.
The pipeline's model runs single-threaded (ingest/words.py), so forking after loading it is safe,
as for the extraction fork server (ingest/warm_pipeline.py)."""
from pyspark import daemon

import ecograph.ingest.warm_pipeline  # noqa: F401 (builds the pipeline)

if __name__ == "__main__":
    daemon.manager()
