"""The held-out evaluation set: single-object prompts whose (color, shape, motion, direction, background) combination
never appears as a training caption's first object (scenes.is_held_out), some with a cameo (a synthetic patterned
subject whose reference image is written as a PNG, with a box path on the left or right half).

  /usr/bin/python3 models/training/eval/heldout.py --out models/training/eval/heldout   # writes cases.json + refs
"""
import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import scenes  # noqa: E402

PER_MOTION = 4
N_CAMEO = 8


def clip_box(box):
    """The part of a normalised (x, y, w, h) box inside the frame (the CLI takes boxes within [0, 1])."""
    x, y, w, h = box
    x0, y0, x1, y1 = max(x, 0.0), max(y, 0.0), min(x + w, 1.0), min(y + h, 1.0)
    return [x0, y0, x1 - x0, y1 - y0]


def build(out_dir, seed=2024):
    from PIL import Image
    os.makedirs(out_dir, exist_ok=True)
    rng = np.random.default_rng(seed)
    held = [c for c in scenes.all_combos() if scenes.is_held_out(*c)]
    by_motion = {}
    for c in held:
        by_motion.setdefault(c[2], []).append(c)
    chosen = []
    # the demo prompt first, then up to PER_MOTION (6 for bouncing: the physics figure needs arcs) per kind
    demo = ("blue", "ball", "bouncing", 0, "beach")
    chosen.append(demo)
    for motion, combos in sorted(by_motion.items()):
        combos = [c for c in combos if c != demo]
        idx = rng.permutation(len(combos))
        k = PER_MOTION + (2 if motion == "bouncing" else 0) - (1 if motion == "bouncing" else 0)
        chosen += [combos[i] for i in idx[:k]]
    cases = []
    for i, (color, shape, motion, d, bg) in enumerate(chosen):
        o = {"color": color, "shape": shape, "motion": motion, "direction": d}
        phrase = scenes.BACKGROUND_PHRASES[bg][0]
        obj = scenes.ObjectSpec(shape=shape, color=color, motion=motion, direction=d)
        prompt = f"{scenes._article(color)} {color} {shape} {scenes.motion_phrase(obj)} {phrase}"
        cases.append({"id": f"h{i:02d}", "prompt": prompt, "seed": 1000 + i, "frames": scenes.FRAMES,
                      "background": bg, "bg_phrase": phrase, "objects": [o], "cameo": None})
    # cameo cases: reuse prompts of resting/rolling objects, subject on the left or the right half
    base = [c for c in cases if c["objects"][0]["motion"] in ("resting", "bouncing", "falling")]
    for j in range(N_CAMEO):
        src = base[j % len(base)]
        side = "right" if j % 2 == 0 else "left"
        c = scenes.sample_cameo(rng)
        x_start = float(rng.uniform(84, 104)) if side == "right" else float(rng.uniform(24, 44))
        walk = float(rng.uniform(-10, 10))
        y_b = scenes.FLOOR_Y + float(rng.uniform(-2, 6))
        c.path = [(0.0, x_start, y_b), (1.0, x_start + walk, y_b)]
        c.direction = 0
        ref_path = os.path.join(out_dir, f"cameo_{j}.png")
        Image.fromarray(np.clip(scenes.cameo_reference(c) + 0.5, 0, 255).astype(np.uint8)).save(ref_path)
        boxes = [clip_box(scenes.cameo_box(c, f, scenes.FRAMES)) for f in range(scenes.FRAMES)]
        # object on the other half so that box and object do not overlap
        case = dict(src, id=f"c{j:02d}", seed=2000 + j,
                    cameo={"reference": os.path.abspath(ref_path), "boxes": boxes, "side": side,
                           "keyframes": [[0.0] + boxes[0], [1.0] + boxes[-1]],  # t normalised over the clip
                           "spec": {"pattern": c.pattern, "color_a": c.color_a, "color_b": c.color_b, "body": c.body,
                                    "w": c.w, "h": c.h, "path": c.path}})
        cases.append(case)
    refs = [c["cameo"]["reference"] for c in cases if c["cameo"]]
    for c in cases:
        if c["cameo"]:
            c["other_references"] = [r for r in refs if r != c["cameo"]["reference"]]
    with open(os.path.join(out_dir, "cases.json"), "w") as f:
        json.dump(cases, f, indent=1)
    return cases


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="models/training/eval/heldout")
    args = ap.parse_args()
    cs = build(args.out)
    for c in cs:
        print(c["id"], c["prompt"], "(cameo " + c["cameo"]["side"] + ")" if c["cameo"] else "")
