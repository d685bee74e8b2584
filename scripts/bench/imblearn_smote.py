#!/usr/bin/env python3
"""imbalanced-learn reference for the SMOTE line of `npm run bench`: SMOTE(k_neighbors=5,
random_state=42).fit_resample on the rows scripts/bench/smote.js wrote (float32, row-major, and
uint8 labels), to 1:1. Prints JSON: seconds (wall), cpuSeconds, rows out, versions.
    imblearn_smote.py INPUTS.f32 LABELS.u8 ROWS WIDTH"""
import json
import sys
import time

import numpy as np
from imblearn import __version__ as imblearn_version
from imblearn.over_sampling import SMOTE
from sklearn import __version__ as sklearn_version

inputs_file, labels_file, rows, width = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
X = np.fromfile(inputs_file, dtype=np.float32).reshape(rows, width)
y = np.fromfile(labels_file, dtype=np.uint8)
wall = time.perf_counter()
cpu = time.process_time()
X_out, y_out = SMOTE(k_neighbors=5, random_state=42).fit_resample(X, y)
json.dump({
    "seconds": time.perf_counter() - wall,
    "cpuSeconds": time.process_time() - cpu,
    "rowsOut": int(X_out.shape[0]),
    "imblearn": imblearn_version,
    "sklearn": sklearn_version,
}, sys.stdout)
