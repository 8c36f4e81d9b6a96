"""Render scenes and store their VAE latents (plus captions and cameo conditioning) in shards for denoiser training.

  /usr/bin/python3 models/training/make_dataset.py --vae models/training/runs/vae/last.pt \
      --out models/training/data/latents --shards 30 --per-shard 200 --seed 0
Shards already present are skipped, so it can be re-run to add more (with another --seed offset per shard index).
"""
import argparse
import json
import os
import sys
import time

# OpenMP threads that spin while waiting waste most of their CPU time on a shared, oversubscribed machine
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nets  # noqa: E402
import scenes  # noqa: E402


def scene_meta(s: scenes.SceneSpec) -> dict:
    return {
        "background": s.background,
        "camera_pan": s.camera_pan,
        "objects": [{"shape": o.shape, "color": o.color, "motion": o.motion, "direction": o.direction}
                    for o in s.objects],
        "cameos": len(s.cameos),
    }


def load_vae(path):
    vae = nets.VAE()
    ck = torch.load(path, map_location="cpu")
    vae.load_state_dict(ck["vae"])
    vae.eval()
    return vae


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vae", default="models/training/runs/vae/last.pt")
    ap.add_argument("--out", default="models/training/data/latents")
    ap.add_argument("--shards", type=int, default=30)
    ap.add_argument("--per-shard", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_flush_denormal(True)  # denormals slow CPU kernels down several times
    os.makedirs(args.out, exist_ok=True)
    vae = load_vae(args.vae)
    for shard in range(args.shards):
        path = os.path.join(args.out, f"shard_{args.seed:03d}_{shard:04d}.npz")
        if os.path.exists(path):
            continue
        t0 = time.time()
        rng = np.random.default_rng([args.seed, shard])
        lat, refs, masks, caps, metas = [], [], [], [], []
        for i in range(args.per_shard):
            s = scenes.sample_scene(rng, cameo_prob=0.5)
            fr, info = scenes.render(s)
            x = torch.from_numpy(fr).permute(0, 3, 1, 2).float() / 127.5 - 1.0
            with torch.no_grad():
                mu, _ = vae.encoder(x)                       # (T, 8, 16, 16)
            lat.append(mu.permute(1, 0, 2, 3).numpy().astype(np.float16))
            ref = np.zeros((nets.MAX_CAMEOS, 32, 32, 3), np.uint8)
            m = np.zeros((nets.MAX_CAMEOS, s.frames, 16, 16), np.float16)
            for ci, c in enumerate(s.cameos):
                ref[ci] = np.clip(scenes.cameo_reference(c) + 0.5, 0, 255).astype(np.uint8)
                m[ci] = np.stack(info["cameos"][ci]["coverage"])
            refs.append(ref); masks.append(m)
            caps.append(scenes.caption(s)); metas.append(scene_meta(s))
        tmp = path + ".tmp.npz"
        np.savez(tmp, latents=np.stack(lat), cameo_ref=np.stack(refs), cameo_mask=np.stack(masks),
                 captions=np.array(json.dumps(caps)), meta=np.array(json.dumps(metas)))
        os.replace(tmp, path)
        print(f"{path}: {args.per_shard} clips in {time.time() - t0:.1f}s", flush=True)


if __name__ == "__main__":
    main()
