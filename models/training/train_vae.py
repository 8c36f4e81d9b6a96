"""Build the frame-wise VAE: fit the fixed patch-PCA encoder (first run), then train the decoder's refinement on random
64x64 crops of rendered frames (fully convolutional, so it runs at 128x128). The encoder never changes after the fit,
so latents already computed for the denoiser stay valid while the decoder trains.

  /usr/bin/python3 models/training/train_vae.py --minutes 15 --out models/training/runs/vae
Resumes from <out>/last.pt when present. --minutes 0 only fits the PCA.
"""
import argparse
import os
import sys
import time

# OpenMP threads that spin while waiting waste most of their CPU time on a shared, oversubscribed machine
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nets  # noqa: E402
import scenes  # noqa: E402


def batch(rng, n, crop=64):
    out = []
    while len(out) < n:
        s = scenes.sample_scene(rng, cameo_prob=0.5, exclude_held_out=False)
        fr, _ = scenes.render(s)
        for f in rng.choice(len(fr), 8, replace=False):
            y = int(rng.integers(0, (128 - crop) // 8 + 1)) * 8
            x = int(rng.integers(0, (128 - crop) // 8 + 1)) * 8
            out.append(fr[f, y:y + crop, x:x + crop])
    x = torch.from_numpy(np.stack(out[:n])).permute(0, 3, 1, 2).float() / 127.5 - 1.0
    return x


def fit_pca(rng, clips=200):
    patches = []
    for _ in range(clips):
        s = scenes.sample_scene(rng, cameo_prob=0.5, exclude_held_out=False)
        fr, _ = scenes.render(s)
        f = fr[rng.choice(len(fr), 4, replace=False)].astype(np.float32) / 127.5 - 1.0
        patches.append(f.reshape(4, 16, 8, 16, 8, 3).transpose(0, 1, 3, 2, 4, 5).reshape(-1, 192))
    p = np.concatenate(patches)
    mean = p.mean(0)
    _, S, Vt = np.linalg.svd(p - mean, full_matrices=False)
    explained = float((S[:nets.LATENT_CH] ** 2).sum() / (S ** 2).sum())
    return Vt[:nets.LATENT_CH], mean, explained


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=15)
    ap.add_argument("--out", default="models/training/runs/vae")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--latent-noise", type=float, default=0.3)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_flush_denormal(True)  # denormals slow CPU kernels down several times
    os.makedirs(args.out, exist_ok=True)
    vae = nets.VAE()
    opt = torch.optim.Adam(vae.decoder.parameters(), lr=args.lr)
    step = 0
    last = os.path.join(args.out, "last.pt")
    if os.path.exists(last):
        ck = torch.load(last)
        vae.load_state_dict(ck["vae"]); step = ck["step"]
        if ck.get("opt"):
            opt.load_state_dict(ck["opt"])
        print("resumed at step", step, flush=True)
    else:
        comps, mean, explained = fit_pca(np.random.default_rng(0))
        with torch.no_grad():
            vae.set_pca(comps, mean)
        print(f"PCA fitted: {nets.LATENT_CH} components explain {explained:.3f} of patch variance", flush=True)
        torch.save({"vae": vae.state_dict(), "opt": None, "step": 0, "explained": explained}, last)
    rng = np.random.default_rng(1234 + step)
    t_end = time.time() + args.minutes * 60
    t_save = time.time()
    ema = None
    t_start = time.time()
    while time.time() < t_end:
        frac = (time.time() - t_start) / (t_end - t_start)
        for g in opt.param_groups:
            g["lr"] = args.lr * (0.05 + 0.95 * 0.5 * (1 + np.cos(np.pi * frac)))
        x = batch(rng, args.batch)
        with torch.no_grad():
            mu, _ = vae.encoder(x)
            # the sampler's latents keep some noise (its last step jumps from sigma ~0.2 to 0): train the decoder to
            # clean up perturbations of up to 0.3 latent standard deviations, per channel
            scale = torch.rand(mu.shape[0], 1, 1, 1) * args.latent_noise
            z = mu + scale * mu.std(dim=(0, 2, 3), keepdim=True) * torch.randn_like(mu)
        rec = vae.decoder(z)
        # objects and cameos are small: weight pixels that stand out from their row (the backgrounds are bands)
        row_med = x.median(dim=3, keepdim=True).values
        w = 1.0 + 8.0 * ((x - row_med).abs().sum(1, keepdim=True) > 0.3).float()
        l1 = ((rec - x).abs() * w).mean() / w.mean()
        mse = (((rec - x) ** 2) * w).mean() / w.mean()
        loss = l1 + mse
        opt.zero_grad(); loss.backward(); opt.step()
        step += 1
        ema = loss.item() if ema is None else 0.98 * ema + 0.02 * loss.item()
        if step % 20 == 0:
            print(f"step {step} loss {ema:.4f} l1 {l1.item():.4f} mse {mse.item():.4f}", flush=True)
        if time.time() - t_save > 120:
            torch.save({"vae": vae.state_dict(), "opt": opt.state_dict(), "step": step}, last + ".tmp")
            os.replace(last + ".tmp", last)
            t_save = time.time()
    torch.save({"vae": vae.state_dict(), "opt": opt.state_dict(), "step": step}, last + ".tmp")
    os.replace(last + ".tmp", last)
    print("done", step, flush=True)


if __name__ == "__main__":
    main()
