"""Sound for the clips of the latent shards: replays each shard's scenes (make_dataset.py draws them from
default_rng([seed, shard]) and rendering consumes no randomness), simulates their physics, renders their soundtrack
(sound.py) and stores its band features next to the latents — of its bed (ambience, rolling, scraping: bed_bands) and
of its impacts (hit_bands), the two parts the audio decoder makes — and its floor impacts per video frame (what the
audio decoder's impact head learns: sound.impact_labels).

  /usr/bin/python3 models/training/make_audio_dataset.py     # every latent shard without an audio or impact shard
  # on two cores, two processes over alternate shards:
  /usr/bin/python3 models/training/make_audio_dataset.py --part 0/2 & /usr/bin/python3 models/training/make_audio_dataset.py --part 1/2
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
    ap.add_argument("--impacts", default="models/training/data/impacts")
    ap.add_argument("--part", default="0/1", help="K/N: only every N-th shard, starting at the K-th")
    args = ap.parse_args()
    part, parts = (int(v) for v in args.part.split("/"))
    os.makedirs(args.out, exist_ok=True)
    os.makedirs(args.impacts, exist_ok=True)
    for k, path in enumerate(sorted(p for p in glob.glob(os.path.join(args.latents, "shard_*.npz"))
                                    if not p.endswith(".tmp.npz"))):
        if k % parts != part:
            continue
        name = os.path.basename(path)
        out = os.path.join(args.out, name)
        out_imp = os.path.join(args.impacts, name)
        want_audio = not os.path.exists(out) or "bed_bands" not in np.load(out).files
        if not want_audio and os.path.exists(out_imp):
            continue
        seed, shard = (int(p) for p in name[len("shard_"):-len(".npz")].split("_"))
        t0 = time.time()
        d = np.load(path)
        caps = json.loads(str(d["captions"]))
        rng = np.random.default_rng([seed, shard])
        beds, hits, labels = [], [], []
        for i, cap in enumerate(caps):
            s = scenes.sample_scene(rng, cameo_prob=0.5)
            if scenes.caption(s) != cap:
                raise SystemExit(f"{name} clip {i}: replayed scene differs from the stored caption")
            sims = [scenes.simulate(o, s.frames) for o in s.objects]
            labels.append(sound.impact_labels(s, sims))
            if want_audio:
                bed, hit = sound.scene_audio_parts(s, sims, seed=seed * 1_000_003 + shard * 1000 + i)
                beds.append(np.log(sound.band_features(bed)).astype(np.float16))
                hits.append(np.log(sound.band_features(hit)).astype(np.float16))
        if want_audio:
            tmp = out + ".tmp.npz"
            np.savez(tmp, bed_bands=np.stack(beds), hit_bands=np.stack(hits))
            os.replace(tmp, out)
        tmp = out_imp + ".tmp.npz"
        np.savez(tmp, impacts=np.stack(labels))
        os.replace(tmp, out_imp)
        print(f"{name}: {len(caps)} clips in {time.time() - t0:.1f}s", flush=True)


if __name__ == "__main__":
    main()
