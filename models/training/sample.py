"""Python sampler for scenecast-tiny checkpoints: the same flow-matching sampling the engine does (Wan 2.1
FlowUniPCMultistepScheduler, order 2, bh2, x0-prediction, final sigma 0; or flow Euler), with classifier-free guidance
whose unconditional pass is the empty prompt with the same cameo conditioning.

  /usr/bin/python3 models/training/sample.py --ckpt models/training/runs/den/last.pt \
      --prompt "a blue ball bouncing on the beach" --seed 3 --out /tmp/samples
"""
import argparse
import json
import os
import subprocess
import sys

# OpenMP threads that spin while waiting waste most of their CPU time on a shared, oversubscribed machine
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nets  # noqa: E402
import scenes  # noqa: E402


def shifted_sigmas(steps, shift):
    sigma_max, sigma_min = 1.0 - 1.0 / 1000, 0.0   # Wan: sigmas of the 1000 train steps, 0.999 .. 0
    s = np.linspace(sigma_max, sigma_min, steps + 1)[:-1]
    s = shift * s / (1 + (shift - 1) * s)
    return np.concatenate([s, [0.0]]).astype(np.float64)


class FlowUniPC:
    """Port of Wan 2.1's FlowUniPCMultistepScheduler (solver_order 2, bh2, predict_x0, lower_order_final)."""

    def __init__(self, steps, shift):
        self.sigmas = shifted_sigmas(steps, shift)
        self.timesteps = self.sigmas[:-1] * 1000.0
        self.model_outputs = [None, None]
        self.lower_order_nums = 0
        self.last_sample = None
        self.this_order = 1
        self.i = 0

    @staticmethod
    def _lam(sigma):
        with np.errstate(divide="ignore"):
            return np.log(1.0 - sigma) - np.log(sigma)

    def _b_and_r(self, hh, rks, order):
        h_phi_1 = np.expm1(hh)
        h_phi_k = h_phi_1 / hh - 1
        B_h = np.expm1(hh)
        fact = 1
        R, b = [], []
        for k in range(1, order + 1):
            R.append(np.power(rks, k - 1))
            b.append(h_phi_k * fact / B_h)
            fact *= k + 1
            h_phi_k = h_phi_k / hh - 1 / fact
        return np.stack(R), np.array(b), h_phi_1, B_h

    def step(self, v, x):
        i = self.i
        sig = self.sigmas
        x0 = x - sig[i] * v
        if i > 0 and self.last_sample is not None:   # corrector (UniC) with the fresh model output
            x = self._uni_c(x0, self.last_sample, self.this_order)
        self.model_outputs = [self.model_outputs[1], x0]
        order = min(2, len(self.timesteps) - i)
        self.this_order = min(order, self.lower_order_nums + 1)
        self.last_sample = x
        out = self._uni_p(x, self.this_order)
        if self.lower_order_nums < 2:
            self.lower_order_nums += 1
        self.i += 1
        return out

    def _uni_p(self, x, order):
        i = self.i
        s_t, s_0 = self.sigmas[i + 1], self.sigmas[i]
        m0 = self.model_outputs[-1]
        lam_t, lam_0 = self._lam(s_t), self._lam(s_0)
        h = lam_t - lam_0
        rks, D1s = [], []
        if order == 2:
            lam_1 = self._lam(self.sigmas[i - 1])
            rk = (lam_1 - lam_0) / h
            rks.append(rk); D1s.append((self.model_outputs[-2] - m0) / rk)
        rks.append(1.0)
        hh = -h
        _, _, h_phi_1, B_h = self._b_and_r(hh, np.array(rks), order)
        alpha_t = 1.0 - s_t
        x_t = (s_t / s_0) * x - alpha_t * h_phi_1 * m0
        if D1s:
            x_t = x_t - alpha_t * B_h * 0.5 * D1s[0]
        return x_t

    def _uni_c(self, model_t, last_sample, order):
        i = self.i
        s_t, s_0 = self.sigmas[i], self.sigmas[i - 1]
        m0 = self.model_outputs[-1]
        lam_t, lam_0 = self._lam(s_t), self._lam(s_0)
        h = lam_t - lam_0
        rks, D1s = [], []
        if order == 2:
            lam_1 = self._lam(self.sigmas[i - 2])
            rk = (lam_1 - lam_0) / h
            rks.append(rk); D1s.append((self.model_outputs[-2] - m0) / rk)
        rks.append(1.0)
        hh = -h
        R, b, h_phi_1, B_h = self._b_and_r(hh, np.array(rks), order)
        rhos = np.array([0.5]) if order == 1 else np.linalg.solve(R, b)
        alpha_t = 1.0 - s_t
        x_t = (s_t / s_0) * last_sample - alpha_t * h_phi_1 * m0
        corr = rhos[0] * D1s[0] if D1s else 0.0
        return x_t - alpha_t * B_h * (corr + rhos[-1] * (model_t - m0))


class FlowEuler:
    def __init__(self, steps, shift):
        self.sigmas = shifted_sigmas(steps, shift)
        self.timesteps = self.sigmas[:-1] * 1000.0
        self.i = 0

    def step(self, v, x):
        out = x + (self.sigmas[self.i + 1] - self.sigmas[self.i]) * v
        self.i += 1
        return out


class Model:
    def __init__(self, ckpt, vae_ckpt, ema=True):
        torch.set_num_threads(2)
        torch.set_flush_denormal(True)  # denormals slow CPU kernels down several times
        ck = torch.load(ckpt, map_location="cpu")
        self.tok = nets.Tokenizer()
        self.te = nets.TextEncoder(len(self.tok.vocab)); self.den = nets.Denoiser()
        self.te.load_state_dict(ck["ema_te" if ema else "te"]); self.den.load_state_dict(ck["ema_den" if ema else "den"])
        self.te.eval(); self.den.eval()
        self.lat_mean, self.lat_std = ck["lat_mean"], ck["lat_std"]
        self.step = ck["step"]; self.trained_s = ck["trained_s"]
        self.vae = nets.VAE(); self.vae.load_state_dict(torch.load(vae_ckpt, map_location="cpu")["vae"]); self.vae.eval()

    @torch.no_grad()
    def decode(self, z):  # z: (B, 8, T, h, w) normalised latents -> uint8 (B, T, H, W, 3)
        B, C, T, h, w = z.shape
        lat = z * self.lat_std[None, :, None, None, None] + self.lat_mean[None, :, None, None, None]
        fr = self.vae.decoder(lat.permute(0, 2, 1, 3, 4).reshape(B * T, C, h, w)).clamp(-1, 1)
        fr = ((fr + 1) * 127.5 + 0.5).clamp(0, 255).to(torch.uint8)
        return fr.reshape(B, T, 3, h * 8, w * 8).permute(0, 1, 3, 4, 2).numpy()

    @torch.no_grad()
    def generate(self, prompt, seed, frames=16, steps=20, shift=5.0, guidance=5.0, cameo_ref=None, cameo_mask=None,
                 scheduler="unipc", negative=""):
        """cameo_ref: float (2, 3, 32, 32) in [-1, 1] (zeros for empty slots); cameo_mask: (2, T, 16, 16)."""
        g = torch.Generator().manual_seed(seed)
        x = torch.randn(1, nets.LATENT_CH, frames, 16, 16, generator=g).double()
        ids, am = self.tok.batch([prompt, negative])
        ctx = self.te(ids, am)
        ref = torch.zeros(2, 2, 3, 32, 32) if cameo_ref is None else torch.as_tensor(cameo_ref)[None].expand(2, -1, -1, -1, -1).float()
        mask = torch.zeros(2, 2, frames, 16, 16) if cameo_mask is None else torch.as_tensor(cameo_mask)[None].expand(2, -1, -1, -1, -1).float()
        sched = FlowUniPC(steps, shift) if scheduler == "unipc" else FlowEuler(steps, shift)
        for t in sched.timesteps:
            xin = x.float().expand(2, -1, -1, -1, -1)
            v = self.den(xin, torch.full((2,), float(t)), ctx, am.float(), ref, mask).double()
            v = v[1:2] + guidance * (v[0:1] - v[1:2])
            x = sched.step(v, x)
        return self.decode(x.float())[0]


def write_mp4(frames, path, fps=8):
    T, H, W, _ = frames.shape
    subprocess.run(["ffmpeg", "-y", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{W}x{H}",
                    "-r", str(fps), "-i", "-", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-crf", "12", path],
                   input=frames.tobytes(), check=True)


def strip(frames, every=2):
    return np.concatenate(list(frames[::every]), axis=1)


def cameo_from_box(ref_img_uint8, box, frames=16):
    """ref image HxWx3 uint8 (resized to 32x32 by nearest), normalised box (x, y, w, h) -> (ref, mask) slot 0."""
    from PIL import Image
    ref = np.asarray(Image.fromarray(ref_img_uint8).resize((32, 32), Image.BILINEAR)).astype(np.float32) / 127.5 - 1
    r = np.zeros((2, 3, 32, 32), np.float32); r[0] = ref.transpose(2, 0, 1)
    m = np.zeros((2, frames, 16, 16), np.float32); m[0] = scenes.box_coverage(box)[None]
    return r, m


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default="models/training/runs/den/last.pt")
    ap.add_argument("--vae", default="models/training/runs/vae/last.pt")
    ap.add_argument("--prompt", action="append", required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--guidance", type=float, default=5.0)
    ap.add_argument("--scheduler", default="unipc", choices=["unipc", "euler"])
    ap.add_argument("--out", default="/tmp/scenecast-samples")
    ap.add_argument("--raw", action="store_true", help="use the raw weights instead of the EMA")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    m = Model(args.ckpt, args.vae, ema=not args.raw)
    rows = []
    for i, p in enumerate(args.prompt):
        fr = m.generate(p, args.seed, steps=args.steps, guidance=args.guidance, scheduler=args.scheduler)
        write_mp4(fr, os.path.join(args.out, f"{i:02d}.mp4"))
        rows.append(strip(fr))
        print(p, "->", os.path.join(args.out, f"{i:02d}.mp4"), flush=True)
    from PIL import Image
    Image.fromarray(np.concatenate(rows, 0)).save(os.path.join(args.out, "strip.png"))
    with open(os.path.join(args.out, "prompts.json"), "w") as f:
        json.dump({"step": m.step, "prompts": args.prompt, "seed": args.seed}, f)


if __name__ == "__main__":
    main()
