"""Sound for the clips of the latent shards: replays each shard's scenes (make_dataset.py draws them from
default_rng([seed, shard]) and rendering consumes no randomness), simulates their physics, renders their soundtrack
(sound.py) and stores its band features next to the latents.

  /usr/bin/python3 models/training/make_audio_dataset.py            # every latent shard without an audio shard
"""
import argparse
import glob
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scenes  # noqa: E402
import sound  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--latents", default="models/training/data/latents")
    ap.add_argument("--out", default="models/training/data/audio")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for path in sorted(glob.glob(os.path.join(args.latents, "shard_*.npz"))):
        if path.endswith(".tmp.npz"):
            continue
        name = os.path.basename(path)
        out = os.path.join(args.out, name)
        if os.path.exists(out):
            continue
        seed, shard = (int(p) for p in name[len("shard_"):-len(".npz")].split("_"))
        t0 = time.time()
        d = np.load(path)
        caps = json.loads(str(d["captions"]))
        rng = np.random.default_rng([seed, shard])
        feats = []
        for i, cap in enumerate(caps):
            s = scenes.sample_scene(rng, cameo_prob=0.5)
            if scenes.caption(s) != cap:
                raise SystemExit(f"{name} clip {i}: replayed scene differs from the stored caption")
            sims = [scenes.simulate(o, s.frames) for o in s.objects]
            a = sound.scene_audio(s, sims, seed=seed * 1_000_003 + shard * 1000 + i)
            feats.append(np.log(sound.band_features(a)).astype(np.float16))
        tmp = out + ".tmp.npz"
        np.savez(tmp, log_bands=np.stack(feats))
        os.replace(tmp, out)
        print(f"{out}: {len(caps)} clips in {time.time() - t0:.1f}s", flush=True)


if __name__ == "__main__":
    main()
