"""The audio decoder's impact head on the kept-back tenth of labelled generated clips (label_generated.py), as the model
card reports it: a contact at frame c is "sounded" when the impact probability is above the gate's opening (0.3) at c
or c + 1 (where its sound lands within a frame); also how often it fires on both (heard as a doubled knock), how many
frames fire more than a frame from every contact, and the silent share by the speed the object reaches the floor at
(pixel rows per frame between the two frames before the contact, from the clip's frames).

  /usr/bin/python3 models/training/eval/kept_back.py --ckpt models/training/checkpoints/audio-step28500.pt \
      --dir models/training/data/generated2 models/training/data/generated3
"""
import argparse
import json
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)
import analyze  # noqa: E402
import nets  # noqa: E402
import sound  # noqa: E402

SPEED_BINS = ((1.5, 3.0), (3.0, 5.0), (5.0, float("inf")))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--dir", nargs="+", required=True, help="folders with labelled.npz, jobs.json and frames.rgb")
    ap.add_argument("--den", default="models/training/runs/den/last.pt", help="for the latent normalisation")
    ap.add_argument("--gate", type=float, default=sound.IMPACT_GATE[0])
    args = ap.parse_args()
    ck = torch.load(args.den, map_location="cpu")
    mean = ck["lat_mean"].reshape(1, -1, 1, 1, 1); std = ck["lat_std"].reshape(1, -1, 1, 1, 1)
    net = nets.AudioDecoder(bands=sound.BANDS, hops_per_frame=sound.HOPS_PER_FRAME)
    net.load_state_dict(torch.load(args.ckpt, map_location="cpu")["net"]); net.eval()
    for d in args.dir:
        g = np.load(os.path.join(d, "labelled.npz"))
        nv = max(1, len(g["impacts"]) // 10)   # the trainer's kept-back tenth
        I = g["impacts"][-nv:]
        with torch.no_grad():
            x = (torch.from_numpy(g["latents"][-nv:].astype(np.float32)) - mean) / std
            p = torch.sigmoid(net(x, impacts=True)[1][:, 0]).numpy()
        fire = p > args.gate
        # the clips' frames, for the approach speed: labelled.npz keeps the jobs of the clips it kept
        jobs = json.load(open(os.path.join(d, "jobs.json")))
        index = {json.dumps(j, sort_keys=True): i for i, j in enumerate(jobs)}
        kept = json.loads(str(g["jobs"]))[-nv:]
        T = I.shape[1]
        rgb = np.memmap(os.path.join(d, "frames.rgb"), np.uint8, mode="r").reshape(-1, T, 128, 128, 3)
        near = np.zeros_like(fire)
        sounded, double, speeds = [], 0, []
        for n in range(nv):
            _, (_, cy, _, _) = analyze.track_object(np.asarray(rgb[index[json.dumps(kept[n], sort_keys=True)]]),
                                                    np.zeros((T, 128, 128), bool))
            for c in np.nonzero(I[n, :, 0])[0]:
                near[n, max(0, c - 1):c + 2] = True
                a, b = fire[n, c], c + 1 < T and fire[n, c + 1]
                sounded.append(a or b); double += a and b; speeds.append(cy[c] - cy[c - 1])
        sounded, speeds = np.array(sounded), np.array(speeds)
        bins = ", ".join(f"{lo:g}-{hi:g} px {100 * np.mean(~sounded[(speeds >= lo) & (speeds < hi)]):.0f} %"
                         for lo, hi in SPEED_BINS)
        print(f"{d}: {nv} clips, {len(sounded)} contacts; sounded {100 * sounded.mean():.1f} %, doubled "
              f"{100 * double / len(sounded):.0f} %, frames fired away from contacts {int((fire & ~near).sum())}; "
              f"silent by approach speed: {bins}", flush=True)


if __name__ == "__main__":
    main()
