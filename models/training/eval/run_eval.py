"""Generate the held-out clips and measure them: one command for the model card's metric table.

  # the Python sampler on a training checkpoint (no engine needed)
  /usr/bin/python3 models/training/eval/run_eval.py --source python --ckpt models/training/runs/den/last.pt --out /tmp/ev
  # the engine's CLI on the exported pack (npm run generate)
  /usr/bin/python3 models/training/eval/run_eval.py --source cli --model models/scenecast-tiny --out /tmp/ev-cli
  # the simulator's own renders of the same cases: the analyzer's ceiling
  /usr/bin/python3 models/training/eval/run_eval.py --source truth --out /tmp/ev-truth
Writes <out>/prompts.json, the MP4s, <out>/results.json and <out>/table.md.
"""
import argparse
import json
import os
import subprocess
import sys
import time

# OpenMP threads that spin while waiting waste most of their CPU time on a shared, oversubscribed machine
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, HERE)
import analyze  # noqa: E402
import heldout  # noqa: E402
import scenes  # noqa: E402

REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))


def truth_clip(case):
    o = case["objects"][0]
    rng = np.random.default_rng(case["seed"])
    cameos = []
    if case["cameo"]:
        sp = case["cameo"]["spec"]
        cameos = [scenes.CameoSpec(pattern=sp["pattern"], color_a=tuple(sp["color_a"]), color_b=tuple(sp["color_b"]),
                                   body=sp["body"], w=sp["w"], h=sp["h"], path=[tuple(p) for p in sp["path"]])]
    s = scenes.sample_scene(rng, exclude_held_out=False, force={
        "color": o["color"], "shape": o["shape"], "motion": o["motion"], "direction": o["direction"] or None,
        "background": case["background"], "camera_pan": 0.0, "n_objects": 1, "cameos": cameos,
        "bg_phrase": case["bg_phrase"]})
    if case["cameo"]:
        # keep the object on the other half from the subject, as a user would place it
        side = case["cameo"]["side"]
        if o["motion"] not in ("rolling", "sliding", "thrown"):
            s.objects[0].x0 = -0.9 if side == "right" else 0.9
    fr, info = scenes.render(s)
    import sound
    return fr, sound.scene_audio(s, info["sims"], seed=case["seed"])


def add_sound(path, samples, sr):
    """Mux a mono float soundtrack into an MP4 (AAC), as the engine does with a pack's sound."""
    wav = path[:-4] + ".f32"
    samples.astype(np.float32).tofile(wav)
    tmp = path[:-4] + ".tmp.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", path, "-f", "f32le", "-ar", str(sr), "-ac", "1", "-i", wav,
                    "-map", "0:v:0", "-map", "1:a:0", "-c:v", "copy", "-c:a", "aac", "-b:a", "96k", "-shortest", tmp],
                   check=True)
    os.replace(tmp, path); os.remove(wav)


def cameo_inputs(case):
    from PIL import Image
    ref = np.asarray(Image.open(case["cameo"]["reference"]).convert("RGB").resize((32, 32), Image.BILINEAR))
    r = np.zeros((2, 3, 32, 32), np.float32)
    r[0] = (ref.astype(np.float32) / 127.5 - 1).transpose(2, 0, 1)
    m = np.zeros((2, case["frames"], 16, 16), np.float32)
    for t, b in enumerate(case["cameo"]["boxes"]):
        m[0, t] = scenes.box_coverage(b)
    return r, m


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", choices=["python", "cli", "truth"], default="python")
    ap.add_argument("--ckpt", default="models/training/runs/den/last.pt")
    ap.add_argument("--vae", default="models/training/runs/vae/last.pt")
    ap.add_argument("--model", default="models/scenecast-tiny", help="pack folder for --source cli")
    ap.add_argument("--out", required=True)
    ap.add_argument("--limit", type=int, default=0, help="only the first N cases (0: all)")
    ap.add_argument("--only", default="", help="comma-separated case ids (e.g. h00,c00)")
    ap.add_argument("--scheduler", default="unipc")
    ap.add_argument("--guidance", type=float, default=None, help="--source cli: guidance scale (default: the pack's)")
    ap.add_argument("--reuse", action="store_true", help="keep MP4s already in --out (same cases and seeds)")
    ap.add_argument("--seed-offset", type=int, default=0,
                    help="add this to every case's noise seed: the same held-out prompts with other noise")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    cases = heldout.build(os.path.join(args.out, "refs"))
    if args.only:
        keep = set(args.only.split(","))
        cases = [c for c in cases if c["id"] in keep]
    if args.limit:
        cases = cases[:args.limit]
    for c in cases:
        c["file"] = f"{c['id']}.mp4"
        c["seed"] += args.seed_offset
    with open(os.path.join(args.out, "prompts.json"), "w") as f:
        json.dump(cases, f, indent=1)
    t0 = time.time()
    model = None
    for c in cases:
        path = os.path.join(args.out, c["file"])
        if args.reuse and os.path.exists(path):
            continue
        if args.source == "truth":
            import sample
            fr, audio = truth_clip(c)
            sample.write_mp4(fr, path)
            import sound
            add_sound(path, audio, sound.SR)
        elif args.source == "python":
            import sample
            if model is None:
                model = sample.Model(args.ckpt, args.vae)
            ref, mask = cameo_inputs(c) if c["cameo"] else (None, None)
            fr = model.generate(c["prompt"], c["seed"], frames=c["frames"], cameo_ref=ref, cameo_mask=mask,
                                scheduler=args.scheduler)
            sample.write_mp4(fr, path)
        else:
            cmd = ["npm", "run", "--silent", "generate", "--", "--prompt", c["prompt"], "--seconds",
                   str(c["frames"] / scenes.FPS), "--seed", str(c["seed"]), "--model", args.model, "--out",
                   os.path.abspath(path)]
            if c["cameo"]:
                kf = ";".join(f"{k[0]:g}:{k[1]:.4f},{k[2]:.4f},{k[3]:.4f},{k[4]:.4f}" for k in c["cameo"]["keyframes"])
                cmd += ["--cameo", c["cameo"]["reference"], "--cameo-box", kf]
            if args.guidance is not None:
                cmd += ["--guidance", f"{args.guidance:g}"]
            subprocess.run(cmd, cwd=REPO, check=True)
        print(f"{c['id']}: {c['prompt']} ({time.time() - t0:.0f}s)", flush=True)
    results = [analyze.analyze_case(c, args.out) for c in cases]
    summary = analyze.summarize(results)
    label = {"python": f"scenecast-tiny, Python sampler ({args.scheduler}, 20 steps, CFG 5)",
             "cli": "scenecast-tiny via npm run generate", "truth": "simulator renders (analyzer ceiling)"}[args.source]
    if args.source == "python" and model is not None:
        label += f", step {model.step}"
    md = analyze.TABLE_HEADER + "\n" + analyze.table(summary, label) + "\n"
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump({"summary": summary, "results": results, "label": label}, f, indent=1)
    with open(os.path.join(args.out, "table.md"), "w") as f:
        f.write(md)
    print(md)
    print(analyze.sound_line(summary, label))
    with open(os.path.join(args.out, "table.md"), "a") as f:
        f.write("\n" + analyze.sound_line(summary, label) + "\n")


if __name__ == "__main__":
    main()
