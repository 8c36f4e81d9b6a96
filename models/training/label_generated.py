"""Label the denoiser's own clips with the floor contacts their frames show, for tuning the audio decoder's impact head
on what it hears at generation time.

The audio decoder learns from the simulator, where the pictures and the impacts agree exactly. Generated motion is
rougher: objects linger near the floor, jitter on it, or hit a frame early. This tool takes latents the pack sampled
with their decoded frames (scripts/sample-latents.ts, one clip per {prompt, seed} job), tracks the object in the frames
the way the evaluation does (eval/analyze.py) and writes a shard the audio trainer reads next to its simulator data:

- latents: (N, 8, T, 16, 16) float16, de-normalised like the encoder's (the trainer normalises both the same way);
- impacts: (N, T, 3) like sound.impact_labels, 1 where the frames show a contact; offset and decay are unknown (0);
- valid: (N, T) frames the labels speak for: the object is tracked there and in the previous frame, and the frame is
  not the one after a contact (the contact happened within a frame of the lowest frame, so its impact belongs to that
  frame or the next; the frame before stays a negative, since an impact there sounds more than a frame early).

Clips whose object is tracked in fewer than 12 of 16 frames are dropped.

  /usr/bin/python3 models/training/label_generated.py --dir models/training/data/generated --jobs 4000 --seed 7
  npx tsx scripts/sample-latents.ts --model models/scenecast-tiny --jobs models/training/data/generated/jobs.json \
      --out models/training/data/generated/latents.f32 --frames models/training/data/generated/frames.rgb
  /usr/bin/python3 models/training/label_generated.py --dir models/training/data/generated
"""
import argparse
import json
import os
import sys
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "eval"))
import analyze  # noqa: E402
import nets  # noqa: E402
import scenes  # noqa: E402


def label_clip(frames):
    """uint8 (T, H, W, 3) -> (impacts (T, 3), valid (T,)), or None when the object is not tracked well enough."""
    T, H, W, _ = frames.shape
    _, (cx, cy, _, _) = analyze.track_object(frames, np.zeros((T, H, W), bool))
    seen = ~np.isnan(cy)
    if seen.sum() < T * 0.75:
        return None
    imp = np.zeros((T, 3), np.float32)
    valid = np.zeros(T, np.float32)
    valid[1:] = seen[1:] & seen[:-1]
    contacts = analyze.contact_frames(cy)
    # An impact labelled at frame t happens in (t - 1, t] (sound.impact_labels). A contact the frames show at c (the
    # lowest frame) happened in (c - 1, c + 1): at frame c or c + 1, so c + 1 is not labelled either way; an impact at
    # c - 1 would sound more than a frame early, so that frame stays a negative.
    for c in contacts:
        if c + 1 < T and c + 1 not in contacts:
            valid[c + 1] = 0.0
    for c in contacts:
        imp[c, 0] = 1.0
        valid[c] = 1.0
    return imp, valid


def make_jobs(count, seed):
    """Prompts of the training distribution (no held-out combination) with one object, no cameo and a still camera,
    mostly motions that hit the floor; each with its own noise seed."""
    rng = np.random.default_rng(seed)
    jobs = []
    for _ in range(count):
        motion = str(rng.choice(["bouncing", "falling", "thrown", "any"], p=[0.55, 0.2, 0.15, 0.1]))
        force = {"n_objects": 1, "camera_pan": 0.0, "cameos": []}
        if motion != "any":
            force["motion"] = motion
        s = scenes.sample_scene(rng, cameo_prob=0.0, force=force)
        jobs.append({"prompt": scenes.caption(s), "seed": int(rng.integers(1000, 2**31 - 1)), "frames": s.frames,
                     "motion": s.objects[0].motion})
    return jobs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", default="models/training/data/generated")
    ap.add_argument("--den", default="models/training/runs/den/last.pt", help="for the latent normalisation")
    ap.add_argument("--jobs", type=int, default=0, help="write this many sampling jobs to <dir>/jobs.json and stop")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    if args.jobs:
        os.makedirs(args.dir, exist_ok=True)
        with open(os.path.join(args.dir, "jobs.json"), "w") as f:
            json.dump(make_jobs(args.jobs, args.seed), f)
        return
    jobs = json.load(open(os.path.join(args.dir, "jobs.json")))
    ck = torch.load(args.den, map_location="cpu")
    mean, std = ck["lat_mean"].numpy(), ck["lat_std"].numpy()
    shape = (nets.LATENT_CH, jobs[0]["frames"], 16, 16)
    z = np.memmap(os.path.join(args.dir, "latents.f32"), np.float32, mode="r")
    H = W = 16 * 8
    rgb = np.memmap(os.path.join(args.dir, "frames.rgb"), np.uint8, mode="r")
    n = min(len(jobs), z.size // int(np.prod(shape)), rgb.size // (shape[1] * H * W * 3))
    z = z[:n * int(np.prod(shape))].reshape(n, *shape)
    rgb = rgb[:n * shape[1] * H * W * 3].reshape(n, shape[1], H, W, 3)
    keep, imps, valids, dropped, contacts = [], [], [], 0, 0
    t0 = time.time()
    for i in range(n):
        lab = label_clip(np.asarray(rgb[i]))
        if lab is None:
            dropped += 1
        else:
            keep.append(i); imps.append(lab[0]); valids.append(lab[1]); contacts += int(lab[0][:, 0].sum())
        if (i + 1) % 500 == 0:
            print(f"{i + 1}/{n} clips, {time.time() - t0:.0f}s", flush=True)
    lat = z[keep] * std[None, :, None, None, None] + mean[None, :, None, None, None]
    out = os.path.join(args.dir, "labelled.npz")
    np.savez(out + ".tmp.npz", latents=lat.astype(np.float16), impacts=np.stack(imps), valid=np.stack(valids),
             jobs=np.array(json.dumps([jobs[i] for i in keep])))
    os.replace(out + ".tmp.npz", out)
    print(f"{out}: {len(keep)} clips ({dropped} dropped: object not tracked), {contacts} contacts", flush=True)


if __name__ == "__main__":
    main()
