#!/usr/bin/env python3
"""Runs Focal Lab's exported PyTorch / torchvision loss snippets on given logits and targets, for
test/engine/exportCode.test.ts. Reads JSON on stdin:
  {"snippets": [{"code": str, "multiclass": bool, "logits": [...], "targets": [...],
                 "reference": null | {"gamma": g, "alpha": null | [a_0, ..]}}]}
and prints, per snippet, the loss with reduction "none", "mean" and "sum" (float64 tensors) and,
for multi-class snippets with a "reference", PyTorch's own log_softmax / nll_loss formula:
  -alpha[y] * (1 - p_t) ** gamma * log(p_t), with (1 - p_t) = -expm1(log p_t).
"""
import json
import sys

import torch
import torch.nn.functional as F


def reference_softmax(logits, targets, gamma, alpha):
    log_p = F.log_softmax(logits, dim=-1)
    weight = None if alpha is None else torch.tensor(alpha, dtype=torch.float64)
    nll = F.nll_loss(log_p, targets, weight=weight, reduction="none")  # -alpha[y] * log p_t
    log_pt = log_p.gather(-1, targets.unsqueeze(-1)).squeeze(-1)
    return nll * (-torch.expm1(log_pt)) ** gamma


def main():
    request = json.load(sys.stdin)
    out = []
    for snippet in request["snippets"]:
        namespace = {"__name__": "focal_lab_snippet"}
        exec(compile(snippet["code"], "<snippet>", "exec"), namespace)
        loss = namespace["focal_lab_loss"]
        logits = torch.tensor(snippet["logits"], dtype=torch.float64)
        if snippet["multiclass"]:
            targets = torch.tensor(snippet["targets"], dtype=torch.int64)
        else:
            targets = torch.tensor(snippet["targets"], dtype=torch.float64)
        result = {
            "none": loss(logits, targets, reduction="none").tolist(),
            "mean": float(loss(logits, targets)),
            "sum": float(loss(logits, targets, reduction="sum")),
        }
        try:
            loss(logits, targets, reduction="max")
            result["badReduction"] = None
        except ValueError as error:
            result["badReduction"] = str(error)
        if snippet.get("reference") is not None:
            ref = snippet["reference"]
            result["reference"] = reference_softmax(logits, targets, ref["gamma"], ref["alpha"]).tolist()
        out.append(result)
    json.dump({"torch": torch.__version__, "results": out}, sys.stdout)


if __name__ == "__main__":
    main()
