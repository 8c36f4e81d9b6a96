"""Train the audio decoder (video latents -> band envelopes of the scene's sound) on the latent shards and their
audio shards (make_audio_dataset.py). L1 on log band RMS; random time crops of 8-16 frames; a little latent noise,
since at generation time the latents come from the sampler rather than from the encoder.

  OPENBLAS_NUM_THREADS=2 nohup /usr/bin/python3 models/training/train_audio.py --minutes 30 \
      > models/training/runs/audio.log 2>&1 &
Resumes from <out>/last.pt.
"""
import argparse
import glob
import os
import signal
import sys
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nets  # noqa: E402
import sound  # noqa: E402


def load(latent_dir, audio_dir, held_back=1):
    L, A = [], []
    for ap in sorted(glob.glob(os.path.join(audio_dir, "shard_*.npz"))):
        if ap.endswith(".tmp.npz"):
            continue
        lp = os.path.join(latent_dir, os.path.basename(ap))
        L.append(np.load(lp)["latents"]); A.append(np.load(ap)["log_bands"])
    # the last shard is kept back for validation
    return (np.concatenate(L[:-held_back]), np.concatenate(A[:-held_back]), L[-1], A[-1])


def weighted_loss(pred, y):
    """Squared error on log band RMS, weighted up where the sound rises above the band's own median level in the clip:
    impacts are a few hops in hundreds, and an unweighted loss learns the ambience and ignores them."""
    base = y.median(dim=2, keepdim=True).values
    w = 1.0 + 3.0 * (y - base).clamp(min=0.0)
    return (w * (pred - y) ** 2).sum() / w.sum()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--latents", default="models/training/data/latents")
    ap.add_argument("--audio", default="models/training/data/audio")
    ap.add_argument("--den", default="models/training/runs/den/last.pt", help="for the latent normalisation")
    ap.add_argument("--out", default="models/training/runs/audio")
    ap.add_argument("--minutes", type=float, default=30)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_flush_denormal(True)
    os.makedirs(args.out, exist_ok=True)
    ck = torch.load(args.den, map_location="cpu")
    mean = ck["lat_mean"].reshape(1, -1, 1, 1, 1); std = ck["lat_std"].reshape(1, -1, 1, 1, 1)
    L, A, Lv, Av = load(args.latents, args.audio)
    print(f"data: {len(L)} clips, validation {len(Lv)}", flush=True)
    net = nets.AudioDecoder(bands=sound.BANDS, hops_per_frame=sound.HOPS_PER_FRAME)
    opt = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=0.01)
    step, trained_s = 0, 0.0
    last = os.path.join(args.out, "last.pt")
    if os.path.exists(last):
        c = torch.load(last, map_location="cpu")
        net.load_state_dict(c["net"]); step = c["step"]; trained_s = c["trained_s"]
        if "opt" in c:
            opt.load_state_dict(c["opt"])
        print(f"resumed at step {step}", flush=True)
    print(f"params {nets.count_params(net)}", flush=True)
    hpf = sound.HOPS_PER_FRAME

    def save():
        torch.save({"net": net.state_dict(), "opt": opt.state_dict(), "step": step, "trained_s": trained_s,
                    "lat_mean": ck["lat_mean"], "lat_std": ck["lat_std"]}, last + ".tmp")
        os.replace(last + ".tmp", last)

    def batch(rng, Ls, As, n, crop=True):
        idx = rng.integers(0, len(Ls), n)
        x = (torch.from_numpy(Ls[idx].astype(np.float32)) - mean) / std
        y = torch.from_numpy(As[idx].astype(np.float32))
        if crop:
            T = int(rng.integers(8, x.shape[2] + 1)); s0 = int(rng.integers(0, x.shape[2] - T + 1))
            x = x[:, :, s0:s0 + T]; y = y[:, :, s0 * hpf:(s0 + T) * hpf]
            # generated latents are smoother and noisier than encoded ones: blur some, add noise of random strength
            blur = torch.nn.functional.avg_pool3d(x, (1, 3, 3), stride=1, padding=(0, 1, 1), count_include_pad=False)
            mix = torch.rand(x.shape[0], 1, 1, 1, 1) * (torch.rand(x.shape[0], 1, 1, 1, 1) < 0.5)
            x = (1 - mix) * x + mix * blur
            x = x + torch.rand(x.shape[0], 1, 1, 1, 1) * 0.3 * torch.randn_like(x)
        return x, y

    stop = {"now": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(now=True))
    rng = np.random.default_rng(step + 11)
    vrng = np.random.default_rng(0)
    xv, yv = batch(vrng, Lv, Av, 64, crop=False)
    t_end = time.time() + args.minutes * 60
    t_last = t_save = time.time()
    loss_ema = None
    while time.time() < t_end and not stop["now"]:
        frac = min(1.0, trained_s / 60 / max(args.minutes, 1e-6))
        lr = args.lr * min(1.0, (step + 1) / 100) * (0.1 + 0.9 * 0.5 * (1 + np.cos(np.pi * frac)))
        for g in opt.param_groups:
            g["lr"] = lr
        x, y = batch(rng, L, A, args.batch)
        loss = weighted_loss(net(x), y)
        opt.zero_grad(); loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
        opt.step(); step += 1
        now = time.time(); trained_s += now - t_last; t_last = now
        loss_ema = loss.item() if loss_ema is None else 0.98 * loss_ema + 0.02 * loss.item()
        if step % 100 == 0:
            with torch.no_grad():
                vl = weighted_loss(net(xv), yv).item()
            print(f"step {step} loss {loss_ema:.4f} val {vl:.4f} lr {lr:.1e} trained {trained_s / 60:.1f} min",
                  flush=True)
        if now - t_save > 120:
            save(); t_save = now
    save()
    print("done at step", step, flush=True)


if __name__ == "__main__":
    main()
