#!/usr/bin/env python3
"""PyTorch reference for `npm run bench`: the three models of Focal Lab's default
comparison (bce, focal, alpha-focal), trained one after another on one thread with the
same data, network, initialisation scheme and hyper-parameters:
MLP in -> 64 -> 32 -> 1 (ReLU, logits), Glorot-uniform weights, zero biases,
Adam(lr=1e-3, betas=(0.9, 0.999), eps=1e-7 as TensorFlow.js), batch 256, 10 epochs,
features standardised with the training mean and standard deviation.
Losses from logits in the stable form of Focal Lab (u = (2y-1) z):
  L = alpha_t * exp(-gamma * softplus(u)) * softplus(-u), gamma 2, alpha = negatives / N.

Usage: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 torch_reference.py TRAIN.csv TEST.csv [--epochs 10]
Prints one JSON object on stdout.
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
import torch.nn.functional as F  # noqa: E402


def roc_auc(labels, scores):
    """Rank-based ROC-AUC (Mann-Whitney U), ties given average ranks."""
    order = np.argsort(scores, kind="mergesort")
    sorted_scores = scores[order]
    ranks = np.empty(len(scores), dtype=np.float64)
    i = 0
    n = len(scores)
    while i < n:
        j = i
        while j + 1 < n and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2.0 + 1.0
        i = j + 1
    positives = labels == 1
    n_pos = positives.sum()
    n_neg = n - n_pos
    return float((ranks[positives].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def focal_from_logits(z, y, gamma, alpha):
    sign = 2.0 * y - 1.0
    u = sign * z
    loss = F.softplus(-u)
    if gamma != 0:
        loss = torch.exp(-gamma * F.softplus(u)) * loss
    if alpha is not None:
        loss = (y * (2.0 * alpha - 1.0) + (1.0 - alpha)) * loss
    return loss.mean()


def make_model(width, seed):
    torch.manual_seed(seed)
    model = torch.nn.Sequential(
        torch.nn.Linear(width, 64), torch.nn.ReLU(),
        torch.nn.Linear(64, 32), torch.nn.ReLU(),
        torch.nn.Linear(32, 1),
    )
    for layer in model:
        if isinstance(layer, torch.nn.Linear):
            torch.nn.init.xavier_uniform_(layer.weight)
            torch.nn.init.zeros_(layer.bias)
    return model


def train_and_predict(x_train, y_train, x_test, gamma, alpha, args):
    """One fit: a fresh network from the seed, Adam, args.epochs of shuffled batches; test logits."""
    model = make_model(x_train.shape[1], args.seed)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
    generator = torch.Generator().manual_seed(args.seed)
    n = x_train.shape[0]
    for _ in range(args.epochs):
        order = torch.randperm(n, generator=generator)
        for start in range(0, n, args.batch_size):
            index = order[start:start + args.batch_size]
            optimizer.zero_grad(set_to_none=True)
            value = focal_from_logits(model(x_train[index]).squeeze(1), y_train[index], gamma, alpha)
            value.backward()
            optimizer.step()
    with torch.no_grad():
        return model(x_test).squeeze(1).numpy().astype(np.float64)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("train")
    parser.add_argument("test")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    torch.set_num_threads(1)
    started = time.perf_counter()
    train = np.loadtxt(args.train, delimiter=",", skiprows=1, dtype=np.float32)
    test = np.loadtxt(args.test, delimiter=",", skiprows=1, dtype=np.float32)
    x_train, y_train = train[:, :-1], train[:, -1]
    x_test, y_test = test[:, :-1], test[:, -1]
    mean = x_train.mean(axis=0)
    std = x_train.std(axis=0)
    std[std < 1e-12] = 1.0
    x_train = torch.from_numpy((x_train - mean) / std)
    x_test = torch.from_numpy((x_test - mean) / std)
    y_train_t = torch.from_numpy(y_train)
    loaded = time.perf_counter()
    alpha = float((y_train == 0).sum() / len(y_train))
    runs = []
    for loss, gamma, alpha_t in (("bce", 0.0, None), ("focal", 2.0, None), ("alpha-focal", 2.0, alpha)):
        t0 = time.perf_counter()
        logits = train_and_predict(x_train, y_train_t, x_test, gamma, alpha_t, args)
        seconds = time.perf_counter() - t0
        predicted = logits > 0
        positives = y_test == 1
        runs.append({
            "loss": loss,
            "trainingSeconds": seconds,
            "rocAuc": roc_auc(y_test, logits),
            "minorityRecall": float((predicted & positives).sum() / positives.sum()),
        })
    finished = time.perf_counter()
    json.dump({
        "torch": torch.__version__,
        "numpy": np.__version__,
        "python": sys.version.split()[0],
        "threads": torch.get_num_threads(),
        "loadSeconds": loaded - started,
        "trainingSeconds": sum(r["trainingSeconds"] for r in runs),
        "totalSeconds": finished - started,
        "maxRssKb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "runs": runs,
    }, sys.stdout)


if __name__ == "__main__":
    main()
