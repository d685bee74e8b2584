#!/usr/bin/python3
"""Reference fixtures for the multi-class (softmax) losses and metrics (test/fixtures/reference/).

Run with the Debian interpreter that has torch, scikit-learn and numpy:
    /usr/bin/python3 scripts/make_multiclass_fixtures.py      (part of npm run fixtures)

softmax-losses.json  Per-sample loss -alpha_y (1 - p_y)^gamma log p_y over K classes and its
                     gradient with respect to the K logits, for K in {3, 5}, gamma in
                     {0, 0.5, 1, 2, 5}, alpha none or uneven, logits including +-100, every label.
                     Two PyTorch float64 references per point:
                     - `loss` / `gradient`: the stable form through the true-class margin
                       u = z_y - logsumexp_{c != y} z_c (L = alpha_y exp(-gamma softplus(u))
                       softplus(-u)), differentiated by autograd;
                     - `torchLoss` / `torchGradient`: PyTorch's own ops written out:
                       F.log_softmax, F.nll_loss(weight=alpha, reduction='none') for gamma 0,
                       -alpha_y (1 - exp(log_softmax_y))**gamma * log_softmax_y otherwise,
                       differentiated by autograd (null where that is not finite).
                     The script asserts that the two agree to 1e-10 * max(1, |value|) wherever
                     the second is finite, and lists the points where they also agree to 1e-10
                     relative (`torchWellConditioned`): elsewhere p_y is so close to 1 that
                     log_softmax itself keeps only a few significant digits of the tiny loss.
multiclass-metrics.json  scikit-learn multi-class metrics on seeded random cases (added below).

Deterministic: seeded RNG, sorted keys; values are written with repr precision, so a float64
survives the JSON round trip exactly.
"""

import json
import os
import sys
import warnings

import numpy as np
import sklearn
import torch
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "test", "fixtures", "reference")
SEED = 20261129
torch.set_default_dtype(torch.float64)

# ---------------------------------------------------------------- losses

GAMMAS = [0.0, 0.5, 1.0, 2.0, 5.0]
UNEVEN_ALPHA = {3: [0.1, 0.3, 0.6], 5: [0.05, 0.1, 0.15, 0.3, 0.4]}
CROSS_CHECK_TOLERANCE = 1e-10


def kind_of(gamma, alpha):
    if gamma == 0:
        return "ce" if alpha is None else "weighted-ce"
    return "focal" if alpha is None else "alpha-focal"


def logit_rows(k, rng):
    """Fixed rows with +-100, ties and tiny margins, then random ones."""
    fixed = [
        [100.0] + [-100.0] * (k - 1),
        [-100.0] + [100.0] + [0.0] * (k - 2),
        [100.0, 100.0] + [-100.0] * (k - 2),
        [0.0] * k,
        [-100.0] * k,
        [30.0] + [0.0] * (k - 1),
        [1e-3 * c for c in range(k)],
        [float(c) for c in range(k)],
        [5.0, -5.0] + [2.5] * (k - 2),
        [-30.0] + [30.0] * (k - 1),
    ]
    random_rows = [rng.normal(0, 4, k).round(6).tolist() for _ in range(4)] + [rng.uniform(-100, 100, k).round(6).tolist() for _ in range(2)]
    return fixed + random_rows


def softplus(x):
    # torch's default threshold (20) returns x itself above it; 1000 keeps log1p(exp(x)) exact
    # for every |x| the grid reaches (|u| <= ~205).
    return F.softplus(x, beta=1, threshold=1000)


def stable_loss_and_grad(z, y, gamma, alpha):
    """z [n, K], y [n] long; the margin form, autograd for the gradient."""
    z = z.clone().requires_grad_(True)
    one_hot = F.one_hot(y, z.shape[1]).bool()
    others = torch.where(one_hot, torch.full_like(z, -float("inf")), z)
    u = (z * one_hot).sum(1) - torch.logsumexp(others, 1)
    alpha_y = torch.ones(len(y)) if alpha is None else torch.tensor(alpha)[y]
    loss = alpha_y * torch.exp(-gamma * softplus(u)) * softplus(-u)
    (grad,) = torch.autograd.grad(loss.sum(), z)
    return loss.detach(), grad


def torch_ops_loss_and_grad(z, y, gamma, alpha):
    """log_softmax, nll_loss with weights, the focal term written out; autograd."""
    z = z.clone().requires_grad_(True)
    log_p = F.log_softmax(z, dim=1)
    weight = None if alpha is None else torch.tensor(alpha)
    if gamma == 0:
        loss = F.nll_loss(log_p, y, weight=weight, reduction="none")
    else:
        log_p_y = log_p.gather(1, y[:, None])[:, 0]
        alpha_y = torch.ones(len(y)) if alpha is None else weight[y]
        loss = -alpha_y * (1 - torch.exp(log_p_y)) ** gamma * log_p_y
    (grad,) = torch.autograd.grad(loss.sum(), z)
    return loss.detach(), grad


def close(a, b, tol, floor):
    return (a - b).abs() <= tol * torch.clamp(b.abs(), min=floor)


def make_softmax_losses():
    rng = np.random.default_rng(SEED)
    cases = []
    checked = skipped = well_conditioned = 0
    for k in (3, 5):
        rows = logit_rows(k, rng)
        # Every row with every label.
        z = torch.tensor([row for row in rows for _ in range(k)])
        y = torch.tensor([label for _ in rows for label in range(k)])
        for gamma in GAMMAS:
            for alpha in (None, UNEVEN_ALPHA[k]):
                loss, grad = stable_loss_and_grad(z, y, gamma, alpha)
                assert torch.isfinite(loss).all() and torch.isfinite(grad).all(), f"stable form not finite at K={k} gamma={gamma}"
                t_loss, t_grad = torch_ops_loss_and_grad(z, y, gamma, alpha)
                finite = torch.isfinite(t_loss) & torch.isfinite(t_grad).all(1)
                agree = close(t_loss, loss, CROSS_CHECK_TOLERANCE, 1.0) & close(t_grad, grad, CROSS_CHECK_TOLERANCE, 1.0).all(1)
                bad = finite & ~agree
                assert not bad.any(), f"torch ops disagree with the stable form at K={k} gamma={gamma} alpha={alpha}: rows {z[bad].tolist()} labels {y[bad].tolist()}"
                relative = finite & close(t_loss, loss, CROSS_CHECK_TOLERANCE, 1e-300) & close(t_grad, grad, CROSS_CHECK_TOLERANCE, 1e-300).all(1)
                checked += int(finite.sum())
                skipped += int((~finite).sum())
                well_conditioned += int(relative.sum())
                cases.append({
                    "kind": kind_of(gamma, alpha),
                    "classes": k,
                    "gamma": gamma,
                    "alpha": alpha,
                    "labels": y.tolist(),
                    "logits": z.flatten().tolist(),
                    "loss": loss.tolist(),
                    "gradient": grad.flatten().tolist(),
                    "torchLoss": [v if ok else None for v, ok in zip(t_loss.tolist(), finite.tolist())],
                    "torchGradient": [v if ok else None for row, ok in zip(t_grad.tolist(), finite.tolist()) for v in row],
                    "torchWellConditioned": relative.tolist(),
                })
    return {
        "description": "Per-sample softmax loss -alpha_y (1 - p_y)^gamma log p_y and d loss / d logits (row-major n x K), torch float64. loss/gradient: the stable margin form with autograd; torchLoss/torchGradient: F.log_softmax + F.nll_loss(weight) or the focal term written out, with autograd (null where not finite).",
        "crossCheck": {
            "tolerance": "|torch ops - stable| <= 1e-10 * max(1, |stable|) wherever the torch ops are finite",
            "pointsChecked": checked,
            "pointsSkippedNotFinite": skipped,
            "pointsAgreeingRelatively": well_conditioned,
        },
        "cases": cases,
    }


# ---------------------------------------------------------------- output


def write(name, data):
    path = os.path.join(OUT_DIR, name)
    data["generatedBy"] = "scripts/make_multiclass_fixtures.py"
    data["versions"] = {
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "sklearn": sklearn.__version__,
        "torch": torch.__version__,
    }

    def dump(value):
        return json.dumps(value, sort_keys=True, separators=(",", ":"), allow_nan=False)

    # Compact, one case per line, so diffs stay readable.
    parts = []
    for key in sorted(data):
        if key == "cases":
            parts.append('"cases":[\n' + ",\n".join(dump(case) for case in data[key]) + "\n]")
        else:
            parts.append(dump(key) + ":" + dump(data[key]))
    text = "{\n" + ",\n".join(parts) + "\n}"
    with open(path, "w") as f:
        f.write(text + "\n")
    print(f"wrote {os.path.relpath(path, ROOT)} ({len(text) / 1024:.0f} KiB, {len(data['cases'])} cases)")


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    losses = make_softmax_losses()
    check = losses["crossCheck"]
    print(f"softmax losses vs torch ops: {check['pointsChecked']} points agree (1e-10 absolute near 0), {check['pointsAgreeingRelatively']} also relatively; {check['pointsSkippedNotFinite']} skipped (not finite)")
    write("softmax-losses.json", losses)


if __name__ == "__main__":
    warnings.simplefilter("error", RuntimeWarning)
    main()
