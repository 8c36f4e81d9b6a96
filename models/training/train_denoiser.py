"""Train the text encoder + denoiser with flow matching (Wan 2.1 convention) on precomputed VAE latents.

  x_t = (1 - sigma) * x0 + sigma * noise,  target v = noise - x0,  timestep input = sigma * 1000
Caption dropout to "" (10 %) gives classifier-free guidance its unconditional pass; cameo conditioning is kept as is.

  OPENBLAS_NUM_THREADS=2 nohup /usr/bin/python3 models/training/train_denoiser.py --minutes 90 \
      --data models/training/data/latents --out models/training/runs/den > models/training/runs/den.log 2>&1 &
Resumes from <out>/last.pt when present (weights, EMA, optimiser, step, elapsed time, latent statistics).
"""
import argparse
import glob
import json
import math
import os
import signal
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


class LatentData:
    def __init__(self, folder):
        self.folder = folder
        self.files = []
        self.lat = []; self.ref = []; self.mask = []; self.caps = []
        self.refresh()

    def refresh(self):
        files = sorted(glob.glob(os.path.join(self.folder, "shard_*.npz")))
        new = [f for f in files if f not in self.files and not f.endswith(".tmp.npz")]
        for f in new:
            d = np.load(f)
            self.lat.append(d["latents"]); self.ref.append(d["cameo_ref"]); self.mask.append(d["cameo_mask"])
            self.caps += json.loads(str(d["captions"]))
            self.files.append(f)
        if new:
            self.L = np.concatenate(self.lat); self.R = np.concatenate(self.ref); self.M = np.concatenate(self.mask)
            self.lat = [self.L]; self.ref = [self.R]; self.mask = [self.M]
        return len(new)

    def __len__(self):
        return len(self.caps)

    def batch(self, rng, n):
        idx = rng.integers(0, len(self), n)
        lat = torch.from_numpy(self.L[idx].astype(np.float32))
        ref = torch.from_numpy(self.R[idx].astype(np.float32)).permute(0, 1, 4, 2, 3) / 127.5 - 1.0
        ref = ref * (torch.from_numpy(self.M[idx].astype(np.float32)).amax(dim=(2, 3, 4)) > 0).float()[..., None, None, None]
        mask = torch.from_numpy(self.M[idx].astype(np.float32))
        return lat, [self.caps[i] for i in idx], ref, mask


def sample_sigma(n, shift=5.0):
    u = torch.rand(n)
    shifted = shift * u / (1 + (shift - 1) * u)
    use_shift = torch.rand(n) < 0.5
    return torch.where(use_shift, shifted, u).clamp(1e-3, 1.0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="models/training/data/latents")
    ap.add_argument("--out", default="models/training/runs/den")
    ap.add_argument("--minutes", type=float, default=90, help="wall-clock budget of this run (resumes keep counting)")
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--lr", type=float, default=4e-4)
    ap.add_argument("--decay-from", type=float, default=55.0, help="minutes of training when the lr decay starts")
    ap.add_argument("--decay-to", type=float, default=80.0, help="minutes of training when the lr reaches 10 %%")
    ap.add_argument("--save-every", type=float, default=180, help="seconds between checkpoints")
    args = ap.parse_args()
    torch.set_num_threads(2)
    torch.set_flush_denormal(True)  # denormals slow CPU kernels down several times
    os.makedirs(args.out, exist_ok=True)
    tok = nets.Tokenizer()
    te = nets.TextEncoder(len(tok.vocab))
    den = nets.Denoiser()
    ema_te = nets.TextEncoder(len(tok.vocab)); ema_den = nets.Denoiser()
    params = list(te.parameters()) + list(den.parameters())
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    data = LatentData(args.data)
    print(f"data: {len(data)} clips from {len(data.files)} shards", flush=True)
    last = os.path.join(args.out, "last.pt")
    step, trained_s = 0, 0.0
    warm_from = 0   # the lr warms up over the first 200 steps, and again after a resume without optimiser state
    if os.path.exists(last):
        ck = torch.load(last, map_location="cpu")
        te.load_state_dict(ck["te"]); den.load_state_dict(ck["den"])
        ema_te.load_state_dict(ck["ema_te"]); ema_den.load_state_dict(ck["ema_den"])
        step = ck["step"]; trained_s = ck["trained_s"]
        if "opt" in ck:
            opt.load_state_dict(ck["opt"])
        else:               # the committed checkpoints are slim (no optimiser state): Adam restarts its moments
            warm_from = step
        lat_mean, lat_std = ck["lat_mean"], ck["lat_std"]
        print(f"resumed at step {step}, {trained_s / 60:.1f} min trained", flush=True)
    else:
        ema_te.load_state_dict(te.state_dict()); ema_den.load_state_dict(den.state_dict())
        L = torch.from_numpy(data.L[:1000].astype(np.float32))
        lat_mean = L.mean(dim=(0, 2, 3, 4)); lat_std = L.std(dim=(0, 2, 3, 4))
    print("latent mean", lat_mean.numpy().round(3), "std", lat_std.numpy().round(3), flush=True)
    print(f"params: text encoder {nets.count_params(te)}, denoiser {nets.count_params(den)}", flush=True)
    for p in list(ema_te.parameters()) + list(ema_den.parameters()):
        p.requires_grad_(False)

    def save(path):
        torch.save({"te": te.state_dict(), "den": den.state_dict(), "ema_te": ema_te.state_dict(),
                    "ema_den": ema_den.state_dict(), "opt": opt.state_dict(), "step": step, "trained_s": trained_s,
                    "lat_mean": lat_mean, "lat_std": lat_std, "vocab": tok.vocab}, path + ".tmp")
        os.replace(path + ".tmp", path)

    stop = {"now": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(now=True))   # kill <pid>: checkpoint, then exit

    rng = np.random.default_rng(step + 7)
    t_run_end = time.time() + args.minutes * 60
    t_save = t_snap = time.time()
    loss_ema = None
    t_last = time.time()
    while time.time() < t_run_end and not stop["now"]:
        t_step = time.time()
        lat, caps, ref, mask = data.batch(rng, args.batch)
        x0 = (lat - lat_mean[None, :, None, None, None]) / lat_std[None, :, None, None, None]
        B = x0.shape[0]
        caps = [c if rng.random() > 0.1 else "" for c in caps]
        ids, am = tok.batch(caps)
        sigma = sample_sigma(B)
        noise = torch.randn_like(x0)
        s5 = sigma[:, None, None, None, None]
        xt = (1 - s5) * x0 + s5 * noise
        ctx = te(ids, am)
        v = den(xt, sigma * 1000.0, ctx, am.float(), ref, mask)
        loss = F.mse_loss(v, noise - x0)
        # warm-up, then a linear decay to 10 % between --decay-from and --decay-to minutes of training
        decay_frac = min(1.0, max(0.0, (trained_s / 60 - args.decay_from) / max(args.decay_to - args.decay_from, 1e-6)))
        lr = args.lr * min(1.0, (step - warm_from + 1) / 200) * (1.0 - 0.9 * decay_frac)
        for g in opt.param_groups:
            g["lr"] = lr
        opt.zero_grad(); loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        step += 1
        decay = min(0.999, (1 + step) / (10 + step))
        with torch.no_grad():
            for e, p in zip(list(ema_te.parameters()) + list(ema_den.parameters()), params):
                e.mul_(decay).add_(p.detach(), alpha=1 - decay)
        now = time.time(); trained_s += now - t_last; t_last = now
        loss_ema = loss.item() if loss_ema is None else 0.99 * loss_ema + 0.01 * loss.item()
        if step <= 5:
            print(f"step {step}: {time.time() - t_step:.2f}s", flush=True)
        if step % 25 == 0:
            print(f"step {step} loss {loss_ema:.4f} (batch {loss.item():.4f}) lr {lr:.2e} "
                  f"trained {trained_s / 60:.1f} min clips {len(data)}", flush=True)
        if step % 200 == 0:
            n = data.refresh()
            if n:
                print(f"data: +{n} shards, {len(data)} clips", flush=True)
        if now - t_save > args.save_every:
            save(last); t_save = now
        if now - t_snap > 1200:
            save(os.path.join(args.out, f"step{step:06d}.pt")); t_snap = now
    save(last)
    print("done at step", step, flush=True)


if __name__ == "__main__":
    main()
