"""Train the audio decoder (video latents -> the band envelopes of the scene's sound bed, and its floor impacts per
frame) on the latent shards and their audio and impact shards (make_audio_dataset.py). Bed (ambience, rolling,
scraping): weighted squared error on log band RMS. Impacts: binary cross-entropy on "something hits the floor in this
frame", and where it does, L1 on when within the frame and on the log decay time, squared error on the log peak level
per band (the impacts' own sound's highest level in the three hops from the onset). Random time crops of 8-16
frames; blur and noise on the latents, since at generation time they come from the sampler rather than from the encoder.
With --generated (label_generated.py), each step also sees the pack's own sampled clips, labelled with the contacts
their frames show: cross-entropy on "something hits the floor in this frame" only (when within the frame, the decay and
the levels are not known there), so the impact head learns to sound what generated motion shows. The last tenth of each
generated set is kept back; best.pt is the step where its cross-entropy was lowest (a few thousand clips are soon
learned by heart, so the run's last step is rarely the one to ship).

  OPENBLAS_NUM_THREADS=2 nohup /usr/bin/python3 models/training/train_audio.py --minutes 45 --threads 2 \
      > models/training/runs/audio.log 2>&1 &
Resumes from <out>/last.pt (to train longer, resume with a larger --minutes: the cosine is stretched to it);
--init starts a new run from another checkpoint's weights (heads it lacks start fresh).
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


def impact_targets(imp, log_bands):
    """[N, T, 3] impact labels (sound.impact_labels) and [N, bands, hops] log band RMS of the impacts' sound ->
    [N, T, 3 + bands]: the labels and, where something hits, the log peak level per band in the three hops from its
    onset hop."""
    N, T, _ = imp.shape
    out = np.zeros((N, T, 3 + log_bands.shape[1]), np.float32)
    out[:, :, :3] = imp
    out[:, :, 3:] = -9.0
    for i, t in zip(*np.nonzero(imp[:, :, 0] > 0.5)):
        h0 = int(np.floor((t - imp[i, t, 1]) * sound.HOPS_PER_FRAME))
        out[i, t, 3:] = log_bands[i, :, max(h0, 0):h0 + 3].astype(np.float32).max(axis=1)
    return out


def load(latent_dir, audio_dir, impact_dir, held_back=1):
    L, A, I = [], [], []
    for ap in sorted(glob.glob(os.path.join(audio_dir, "shard_*.npz"))):
        ip = os.path.join(impact_dir, os.path.basename(ap))
        if ap.endswith(".tmp.npz") or not os.path.exists(ip):
            continue
        lp = os.path.join(latent_dir, os.path.basename(ap))
        d = np.load(ap)
        if "bed_bands" not in d.files:
            continue
        L.append(np.load(lp)["latents"]); A.append(d["bed_bands"])
        I.append(impact_targets(np.load(ip)["impacts"], d["hit_bands"]).astype(np.float16))
    # the last shard is kept back for validation
    return (np.concatenate(L[:-held_back]), np.concatenate(A[:-held_back]), np.concatenate(I[:-held_back]),
            L[-1], A[-1], I[-1])


def weighted_loss(pred, y):
    """Squared error on log band RMS, weighted up where the sound rises above the band's own median level in the clip:
    impacts are a few hops in hundreds, and an unweighted loss learns the ambience and ignores them."""
    base = y.median(dim=2, keepdim=True).values
    w = 1.0 + 3.0 * (y - base).clamp(min=0.0)
    return (w * (pred - y) ** 2).sum() / w.sum()


def impact_losses(pred, target, valid):
    """pred (B, 3 + bands, T) from the impact head, target (B, T, 3 + bands), valid (B, T) frames that count ->
    (classification, offset, decay, level) losses."""
    hit = target[:, :, 0]
    bce = torch.nn.functional.binary_cross_entropy_with_logits(pred[:, 0], hit, reduction="none",
                                                                pos_weight=torch.tensor(4.0))
    cls = (bce * valid).sum() / valid.sum()
    m = hit * valid * (target[:, :, 2] > 0)   # a decay of 0: only whether it hits is known (generated clips)
    n = m.sum().clamp(min=1.0)
    off = ((pred[:, 1] - target[:, :, 1]).abs() * m).sum() / n
    dec = ((pred[:, 2] - torch.log(target[:, :, 2].clamp(min=1e-3))).abs() * m).sum() / n
    lvl = (((pred[:, 3:] - target[:, :, 3:].transpose(1, 2)) ** 2).mean(dim=1) * m).sum() / n
    return cls, off, dec, lvl


def impact_scores(pred, target, threshold=0.5, valid=None):
    """Frame-level recall and precision of the impact head (a predicted frame within one frame of a true one);
    predictions on frames that are not valid are not counted."""
    p = torch.sigmoid(pred[:, 0]) > threshold
    if valid is not None:
        p = p & (valid > 0)
    h = target[:, :, 0] > 0.5
    near = lambda a: a | torch.nn.functional.pad(a[:, 1:], (0, 1)) | torch.nn.functional.pad(a[:, :-1], (1, 0))  # noqa: E731
    recall = (h & near(p)).sum().item() / max(1, h.sum().item())
    precision = (p & near(h)).sum().item() / max(1, p.sum().item())
    return recall, precision


def roughen(x, strength=1.0):
    """Blur some latents and add noise of random strength (up to 0.3 × strength)."""
    blur = torch.nn.functional.avg_pool3d(x, (1, 3, 3), stride=1, padding=(0, 1, 1), count_include_pad=False)
    mix = torch.rand(x.shape[0], 1, 1, 1, 1) * (torch.rand(x.shape[0], 1, 1, 1, 1) < 0.5) * strength
    x = (1 - mix) * x + mix * blur
    return x + torch.rand(x.shape[0], 1, 1, 1, 1) * 0.3 * strength * torch.randn_like(x)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--latents", default="models/training/data/latents")
    ap.add_argument("--audio", default="models/training/data/audio")
    ap.add_argument("--impacts", default="models/training/data/impacts")
    ap.add_argument("--generated", nargs="+", default=None,
                    help="labelled generated clips (label_generated.py's npz files; the last tenth of each is kept back)")
    ap.add_argument("--generated-batch", type=int, default=8)
    ap.add_argument("--generated-weight", type=float, default=1.0)
    ap.add_argument("--generated-roughen", type=float, default=0.0, help="blur and noise on generated latents too")
    ap.add_argument("--init", default=None, help="start a new run from this checkpoint's weights")
    ap.add_argument("--den", default="models/training/runs/den/last.pt", help="for the latent normalisation")
    ap.add_argument("--out", default="models/training/runs/audio")
    ap.add_argument("--minutes", type=float, default=30,
                    help="length of the learning-rate schedule; a resumed run trains until the checkpoint has this much")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_flush_denormal(True)
    os.makedirs(args.out, exist_ok=True)
    ck = torch.load(args.den, map_location="cpu")
    mean = ck["lat_mean"].reshape(1, -1, 1, 1, 1); std = ck["lat_std"].reshape(1, -1, 1, 1, 1)
    L, A, I, Lv, Av, Iv = load(args.latents, args.audio, args.impacts)
    print(f"data: {len(L)} clips, validation {len(Lv)}", flush=True)
    G = None
    if args.generated:
        parts = []
        for path in args.generated:
            g = np.load(path)
            gi = np.zeros(g["impacts"].shape[:2] + (3 + sound.BANDS,), np.float32)
            gi[:, :, :3] = g["impacts"]
            nv = max(1, len(gi) // 10)   # the last tenth is kept back for validation
            parts.append((g["latents"][:-nv], gi[:-nv], g["valid"][:-nv], g["latents"][-nv:], gi[-nv:], g["valid"][-nv:]))
        G = tuple(np.concatenate([p[k] for p in parts]) for k in range(6))
        print(f"generated: {len(G[0])} clips, validation {len(G[3])}", flush=True)
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
    elif args.init:
        c = torch.load(args.init, map_location="cpu")
        missing, _ = net.load_state_dict(c["net"], strict=False)
        step = c["step"]   # steps count on from the weights' own
        print(f"initialised from {args.init} (step {c['step']}); new: {sorted({k.split('.')[0] for k in missing})}",
              flush=True)
    print(f"params {nets.count_params(net)}", flush=True)
    hpf = sound.HOPS_PER_FRAME

    def save(path=last, **extra):
        torch.save({"net": net.state_dict(), "opt": opt.state_dict(), "step": step, "trained_s": trained_s,
                    "lat_mean": ck["lat_mean"], "lat_std": ck["lat_std"], **extra}, path + ".tmp")
        os.replace(path + ".tmp", path)

    def batch(rng, Ls, As, Is, n, crop=True):
        idx = rng.integers(0, len(Ls), n)
        x = (torch.from_numpy(Ls[idx].astype(np.float32)) - mean) / std
        y = torch.from_numpy(As[idx].astype(np.float32))
        it = torch.from_numpy(Is[idx].astype(np.float32))
        if crop:
            T = int(rng.integers(8, x.shape[2] + 1)); s0 = int(rng.integers(0, x.shape[2] - T + 1))
            x = x[:, :, s0:s0 + T]; y = y[:, :, s0 * hpf:(s0 + T) * hpf]; it = it[:, s0:s0 + T]
            # generated latents are smoother and noisier than encoded ones: blur some, add noise of random strength
            x = roughen(x)
        valid = torch.ones(it.shape[:2])
        valid[:, 0] = 0.0      # the first frame has no previous one to show a contact against
        return x, y, it, valid

    def generated_batch(rng, Ls, Is, Vs, n, crop=True):
        idx = rng.integers(0, len(Ls), n) if crop else np.arange(len(Ls))
        x = (torch.from_numpy(Ls[idx].astype(np.float32)) - mean) / std
        it = torch.from_numpy(Is[idx]); valid = torch.from_numpy(Vs[idx].astype(np.float32))
        if crop:
            T = int(rng.integers(8, x.shape[2] + 1)); s0 = int(rng.integers(0, x.shape[2] - T + 1))
            x = x[:, :, s0:s0 + T]; it = it[:, s0:s0 + T]; valid = valid[:, s0:s0 + T].clone()
            valid[:, 0] = 0.0
            if args.generated_roughen > 0:   # against learning the few thousand generated clips by heart
                x = roughen(x, args.generated_roughen)
        return x, it, valid

    stop = {"now": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(now=True))
    rng = np.random.default_rng(step + 11)
    vrng = np.random.default_rng(0)
    xv, yv, iv, vv = batch(vrng, Lv, Av, Iv, 200, crop=False)
    if G is not None:
        xgv, igv, vgv = generated_batch(None, G[3], G[4], G[5], 0, crop=False)
    first_step = step   # the warm-up counts this run's steps (a fresh optimiser)
    t_end = time.time() + max(0.0, args.minutes * 60 - trained_s)   # the schedule ends there: resuming finishes it
    t_last = t_save = time.time()
    loss_ema = None
    # with generated clips, best.pt keeps the step where their kept-back ones did best (a resumed run carries it on)
    best_path = os.path.join(args.out, "best.pt")
    best_bce = torch.load(best_path, map_location="cpu").get("generated_bce", float("inf")) \
        if os.path.exists(last) and os.path.exists(best_path) else float("inf")
    while time.time() < t_end and not stop["now"]:
        frac = min(1.0, trained_s / 60 / max(args.minutes, 1e-6))
        lr = args.lr * min(1.0, (step - first_step + 1) / 100) * (0.1 + 0.9 * 0.5 * (1 + np.cos(np.pi * frac)))
        for g in opt.param_groups:
            g["lr"] = lr
        x, y, it, valid = batch(rng, L, A, I, args.batch)
        env, imp = net(x, impacts=True)
        cls, off, dec, lvl = impact_losses(imp, it, valid)
        loss = weighted_loss(env, y) + cls + off + 0.3 * dec + 0.1 * lvl
        if G is not None:
            xg, ig, vg = generated_batch(rng, G[0], G[1], G[2], args.generated_batch)
            loss = loss + args.generated_weight * impact_losses(net(xg, impacts=True)[1], ig, vg)[0]
        opt.zero_grad(); loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
        opt.step(); step += 1
        now = time.time(); trained_s += now - t_last; t_last = now
        loss_ema = loss.item() if loss_ema is None else 0.98 * loss_ema + 0.02 * loss.item()
        if step % 100 == 0:
            with torch.no_grad():
                env_v, imp_v = net(xv, impacts=True)
                vl = weighted_loss(env_v, yv).item()
                vc, vo, vd, vlv = (v.item() for v in impact_losses(imp_v, iv, vv))
                rec, prec = impact_scores(imp_v, iv)
                gen = ""
                if G is not None:
                    imp_g = net(xgv, impacts=True)[1]
                    gr, gp = impact_scores(imp_g, igv, valid=vgv)
                    g_bce = impact_losses(imp_g, igv, vgv)[0].item()
                    gen = f" generated bce {g_bce:.3f} recall {gr:.3f} precision {gp:.3f}"
                    if g_bce < best_bce:
                        best_bce = g_bce
                        save(best_path, generated_bce=g_bce)
            print(f"step {step} loss {loss_ema:.4f} val bed {vl:.4f} impacts bce {vc:.3f} offset {vo:.3f} "
                  f"decay {vd:.3f} level {vlv:.2f} recall {rec:.3f} precision {prec:.3f}{gen} lr {lr:.1e} "
                  f"trained {trained_s / 60:.1f} min", flush=True)
        if now - t_save > 120:
            save(); t_save = now
    save()
    print("done at step", step, flush=True)


if __name__ == "__main__":
    main()
