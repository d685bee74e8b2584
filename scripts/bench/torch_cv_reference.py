#!/usr/bin/env python3
"""PyTorch reference for the cross-validation workload of `npm run bench`: the three models of
Focal Lab's default comparison (bce, focal, alpha-focal) on each of Focal Lab's folds, one fit
after another on one thread: 15 fits for 5 folds. Same network, initialisation, optimiser and
losses as torch_reference.py; features standardised with each fold's training rows; trained on
the fold's training rows (not its validation rows, as Focal Lab), 10 epochs, no early stopping;
ROC-AUC on the test fold.

Usage: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 torch_cv_reference.py DATA.csv FOLDS.json [--epochs 10]
FOLDS.json from scripts/bench/folds.js. Prints one JSON object on stdout.
"""
import argparse
import json
import os
import resource
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_reference import roc_auc, train_and_predict  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("folds")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    torch.set_num_threads(1)
    started = time.perf_counter()
    data = np.loadtxt(args.data, delimiter=",", skiprows=1, dtype=np.float32)
    with open(args.folds) as handle:
        folds = json.load(handle)["folds"]
    x_all, y_all = data[:, :-1], data[:, -1]
    loaded = time.perf_counter()
    fits = []
    training_seconds = 0.0
    for fold_index, fold in enumerate(folds):
        train_rows = np.array(fold["train"], dtype=np.int64)
        test_rows = np.array(fold["test"], dtype=np.int64)
        x_train, y_train = x_all[train_rows], y_all[train_rows]
        mean = x_train.mean(axis=0)
        std = x_train.std(axis=0)
        std[std < 1e-12] = 1.0
        x_train_t = torch.from_numpy((x_train - mean) / std)
        x_test_t = torch.from_numpy((x_all[test_rows] - mean) / std)
        y_train_t = torch.from_numpy(y_train)
        y_test = y_all[test_rows]
        alpha = float((y_train == 0).sum() / len(y_train))
        for loss, gamma, alpha_t in (("bce", 0.0, None), ("focal", 2.0, None), ("alpha-focal", 2.0, alpha)):
            t0 = time.perf_counter()
            logits = train_and_predict(x_train_t, y_train_t, x_test_t, gamma, alpha_t, args)
            seconds = time.perf_counter() - t0
            training_seconds += seconds
            fits.append({"fold": fold_index, "loss": loss, "trainingSeconds": seconds, "rocAuc": roc_auc(y_test, logits)})
    finished = time.perf_counter()
    json.dump({
        "torch": torch.__version__,
        "python": sys.version.split()[0],
        "loadSeconds": loaded - started,
        "trainingSeconds": training_seconds,
        "totalSeconds": finished - started,
        "maxRssKb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "fits": fits,
    }, sys.stdout)


if __name__ == "__main__":
    main()
