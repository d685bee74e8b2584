#!/usr/bin/env python3
"""numpy reference for CSV ingest in `npm run bench`: numpy.loadtxt of a numeric CSV
with a header into a float32 matrix. Prints JSON: seconds, MB/s, peak RSS."""
import json
import os
import resource
import sys
import time

import numpy as np

path = sys.argv[1]
started = time.perf_counter()
matrix = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float32)
seconds = time.perf_counter() - started
size = os.path.getsize(path)
json.dump({
    "numpy": np.__version__,
    "rows": int(matrix.shape[0]),
    "columns": int(matrix.shape[1]),
    "seconds": seconds,
    "megabytesPerSecond": size / 1e6 / seconds,
    "maxRssKb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
}, sys.stdout)
