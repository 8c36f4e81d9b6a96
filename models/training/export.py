"""Export a checkpoint to the model pack folder (models/scenecast-tiny): ONNX components (opset 17, float32),
tokenizer.json and manifest.json (model pack format v1, see models/README.md), then check the ONNX graphs and, when
Node and onnxruntime-node are available, compare ONNX Runtime's outputs with torch's.

  /usr/bin/python3 models/training/export.py --ckpt models/training/runs/den/last.pt \
      --vae models/training/runs/vae/last.pt --out models/scenecast-tiny
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

# OpenMP threads that spin while waiting waste most of their CPU time on a shared, oversubscribed machine
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
import onnx
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nets  # noqa: E402
import sound  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OPSET = 17


class DecoderForExport(nn.Module):
    """(B, 8, T, h, w) normalised latents -> (B, 3, T, 8h, 8w) RGB in [-1, 1]; latent de-normalisation inside."""

    def __init__(self, vae, mean, std):
        super().__init__()
        self.dec = vae.decoder
        self.register_buffer("mean", mean.reshape(1, -1, 1, 1))
        self.register_buffer("std", std.reshape(1, -1, 1, 1))

    def forward(self, latents):
        B, C, T, h, w = latents.shape
        z = latents.permute(0, 2, 1, 3, 4).reshape(B * T, C, h, w) * self.std + self.mean
        fr = self.dec(z).clamp(-1.0, 1.0)
        return fr.reshape(B, T, 3, h * 8, w * 8).permute(0, 2, 1, 3, 4)


class AudioForExport(nn.Module):
    """(B, 8, T, h, w) normalised latents -> (B, T * samples per frame) mono waveform in [-1, 1]: the audio decoder's
    band envelopes — its bed head's and the bursts of the impacts its impact head finds, added as independent sounds
    (sound.decoder_envelope) — interpolated linearly between hop centres (a grouped transposed conv with a
    triangular kernel), modulate one second of fixed unit-RMS band noise (sound.band_noise, periodic, tiled to the
    clip's length) and are summed."""

    def __init__(self, net):
        super().__init__()
        self.net = net
        H, B = sound.HOP, sound.BANDS
        self.register_buffer("noise", torch.from_numpy(sound.band_noise()))
        k = torch.arange(2 * H, dtype=torch.float32)
        tri = (1 - (k - (H - 1)).abs() / H).clamp(min=0)
        self.register_buffer("interp", tri.reshape(1, 1, -1).repeat(B, 1, 1))
        self.offset = 2 * H - 1 - (H - 1) // 2   # output index of sample 0 after the one-hop edge padding

    def forward(self, latents):
        T = latents.shape[2]
        n = T * sound.SPF
        log_env, imp = self.net(latents, impacts=True)
        bed = torch.exp(log_env.clamp(max=0.0))
        env = torch.sqrt(bed * bed + self.impacts(imp, T) ** 2).clamp(max=1.0)            # (B, bands, T * hops/frame)
        env = torch.cat([env[:, :, :1], env, env[:, :, -1:]], dim=2)
        up = nn.functional.conv_transpose1d(env, self.interp, stride=sound.HOP, groups=sound.BANDS)
        up = up[:, :, self.offset:self.offset + n]
        reps = (n + sound.NOISE_LEN - 1) // sound.NOISE_LEN
        noise = self.noise.repeat(1, reps)[:, :n]
        return (up * noise).sum(dim=1).clamp(-1.0, 1.0)

    @staticmethod
    def impacts(imp, T):
        """(B, 3 + bands, T) impact head output -> (B, bands, T * hops per frame) burst envelopes (sound.impact_envelope)."""
        lo, hi = sound.IMPACT_GATE
        gate = ((torch.sigmoid(imp[:, 0]) - lo) / (hi - lo)).clamp(0.0, 1.0)              # (B, T)
        t = torch.arange(T, dtype=torch.float32)
        h0 = torch.floor((t[None] - imp[:, 1]) * sound.HOPS_PER_FRAME)                   # (B, T)
        hops = torch.arange(T * sound.HOPS_PER_FRAME, dtype=torch.float32)
        d = hops[None, None] - h0[:, :, None]                                              # (B, T, hops)
        decay = torch.exp(-d.clamp(min=0.0) * (sound.HOP / sound.SR) / torch.exp(imp[:, 2])[:, :, None])
        decay = decay * (d >= 0).float() * gate[:, :, None]
        return torch.matmul(torch.exp(imp[:, 3:]), decay)


def load_audio(path):
    c = torch.load(path, map_location="cpu")
    net = nets.AudioDecoder(bands=sound.BANDS, hops_per_frame=sound.HOPS_PER_FRAME)
    net.load_state_dict(c["net"])
    net.eval()
    return net


class DenoiserForExport(nn.Module):
    def __init__(self, den):
        super().__init__()
        self.den = den

    def forward(self, latents, timestep, context, context_mask, cameo_reference, cameo_mask):
        return self.den(latents, timestep, context, context_mask, cameo_reference, cameo_mask)


def manifest(frames_min, frames_max, audio=False):
    L, D = nets.MAX_LEN, nets.CTX_DIM
    lat = ["batch", nets.LATENT_CH, "latent_frames", "latent_height", "latent_width"]
    return {
        "format": "scenecast-model-pack",
        "formatVersion": 1,
        "id": "scenecast-tiny",
        "name": "Scenecast Tiny",
        "version": "1.5.0",
        "license": "Apache-2.0",
        "purpose": "model",
        "video": {"fps": 8, "sizes": [{"width": 128, "height": 128}], "frames": {"min": frames_min, "max": frames_max}},
        "latent": {"channels": nets.LATENT_CH, "spatialCompression": 8, "temporalCompression": 1},
        "tokenizer": {"file": "tokenizer.json", "maxLength": L},
        "components": {
            "textEncoder": {
                "file": "text_encoder.onnx",
                "inputs": {"inputIds": {"name": "input_ids", "dtype": "int64", "shape": ["batch", L]},
                           "attentionMask": {"name": "attention_mask", "dtype": "int64", "shape": ["batch", L]}},
                "outputs": {"context": {"name": "context", "dtype": "float32", "shape": ["batch", L, D]}},
            },
            "denoiser": {
                "file": "denoiser.onnx",
                "inputs": {
                    "latents": {"name": "latents", "dtype": "float32", "shape": lat},
                    "timestep": {"name": "timestep", "dtype": "float32", "shape": ["batch"]},
                    "context": {"name": "context", "dtype": "float32", "shape": ["batch", L, D]},
                    "contextMask": {"name": "context_mask", "dtype": "float32", "shape": ["batch", L]},
                    "cameoReference": {"name": "cameo_reference", "dtype": "float32",
                                       "shape": ["batch", nets.MAX_CAMEOS, 3, nets.REF_SIZE, nets.REF_SIZE]},
                    "cameoMask": {"name": "cameo_mask", "dtype": "float32",
                                  "shape": ["batch", nets.MAX_CAMEOS, "latent_frames", "latent_height", "latent_width"]},
                },
                "outputs": {"velocity": {"name": "velocity", "dtype": "float32", "shape": lat}},
            },
            "vaeDecoder": {
                "file": "vae_decoder.onnx",
                "inputs": {"latents": {"name": "latents", "dtype": "float32", "shape": lat}},
                "outputs": {"frames": {"name": "frames", "dtype": "float32",
                                       "shape": ["batch", 3, "frames", "height", "width"]}},
            },
            **({"audioDecoder": {
                "file": "audio_decoder.onnx",
                "inputs": {"latents": {"name": "latents", "dtype": "float32", "shape": lat}},
                "outputs": {"waveform": {"name": "waveform", "dtype": "float32", "shape": ["batch", "audio_samples"]}},
            }} if audio else {}),
        },
        **({"audio": {"sampleRate": sound.SR, "channels": 1}} if audio else {}),
        "scheduler": {"kind": "flow-unipc", "numTrainTimesteps": 1000, "shift": 5.0, "steps": 20, "guidance": 5.0},
        "conditioning": {"cameo": {"maxSubjects": nets.MAX_CAMEOS,
                                   "referenceSize": {"width": nets.REF_SIZE, "height": nets.REF_SIZE}}},
    }


def example_inputs(B=2, T=16, seed=0):
    g = torch.Generator().manual_seed(seed)
    tok = nets.Tokenizer()
    ids, am = tok.batch(["a blue ball bouncing on the beach", ""][:B])
    lat = torch.randn(B, nets.LATENT_CH, T, 16, 16, generator=g)
    ts = torch.tensor([999.0, 500.0][:B])
    ref = torch.rand(B, 2, 3, 32, 32, generator=g) * 2 - 1
    mask = torch.zeros(B, 2, T, 16, 16); mask[:, 0, :, 4:10, 8:14] = 1.0
    return ids, am, lat, ts, ref, mask


def export(ckpt_path, vae_path, out, ema=True, frames_min=8, frames_max=24, audio_path=None):
    ck = torch.load(ckpt_path, map_location="cpu")
    tok = nets.Tokenizer()
    assert ck["vocab"] == tok.vocab, "checkpoint vocabulary differs from nets.vocabulary()"
    te = nets.TextEncoder(len(tok.vocab)); den = nets.Denoiser()
    te.load_state_dict(ck["ema_te" if ema else "te"]); den.load_state_dict(ck["ema_den" if ema else "den"])
    vae = nets.VAE(); vae.load_state_dict(torch.load(vae_path, map_location="cpu")["vae"])
    dec = DecoderForExport(vae, ck["lat_mean"], ck["lat_std"])
    aud = AudioForExport(load_audio(audio_path)) if audio_path else None
    if aud:   # the graph's synthesis must be the training-side vocoder and impact bursts
        with torch.no_grad():
            lat_check = torch.randn(1, nets.LATENT_CH, 11, 16, 16, generator=torch.Generator().manual_seed(5))
            log_env, imp = aud.net(lat_check, impacts=True)
            env = sound.decoder_envelope(log_env[0].numpy(), imp[0].numpy())
            err = float(np.abs(aud(lat_check)[0].numpy() - np.clip(sound.vocode(env), -1, 1)).max())
            imp = imp.clone()
            imp[:, 0] = torch.linspace(-3.0, 3.0, imp.shape[2])      # every gate level, from none to a full burst
            err_imp = float(np.abs(aud.impacts(imp, imp.shape[2])[0].numpy()
                                   - sound.impact_envelope(imp[0].numpy())).max())
        print(f"audio decoder vs sound.vocode: max abs diff {err:.2e}; impact bursts vs sound.impact_envelope: "
              f"{err_imp:.2e}", flush=True)
        assert err_imp < 1e-5, "the exported impact bursts differ from sound.impact_envelope"
        assert err < 1e-4, "the exported synthesis differs from sound.vocode"
    for m in (te, den, dec, *([aud] if aud else [])):
        m.eval()
    os.makedirs(out, exist_ok=True)
    ids, am, lat, ts, ref, mask = example_inputs()
    with torch.no_grad():
        ctx = te(ids, am)
        torch.onnx.export(te, (ids, am), os.path.join(out, "text_encoder.onnx"), opset_version=OPSET,
                          input_names=["input_ids", "attention_mask"], output_names=["context"],
                          dynamic_axes={"input_ids": {0: "batch"}, "attention_mask": {0: "batch"}, "context": {0: "batch"}})
        lat_axes = {0: "batch", 2: "latent_frames", 3: "latent_height", 4: "latent_width"}
        torch.onnx.export(DenoiserForExport(den), (lat, ts, ctx, am.float(), ref, mask), os.path.join(out, "denoiser.onnx"),
                          opset_version=OPSET,
                          input_names=["latents", "timestep", "context", "context_mask", "cameo_reference", "cameo_mask"],
                          output_names=["velocity"],
                          dynamic_axes={"latents": lat_axes, "timestep": {0: "batch"}, "context": {0: "batch"},
                                        "context_mask": {0: "batch"}, "cameo_reference": {0: "batch"},
                                        "cameo_mask": lat_axes, "velocity": lat_axes})
        torch.onnx.export(dec, (lat,), os.path.join(out, "vae_decoder.onnx"), opset_version=OPSET,
                          input_names=["latents"], output_names=["frames"],
                          dynamic_axes={"latents": lat_axes,
                                        "frames": {0: "batch", 2: "frames", 3: "height", 4: "width"}})
        if aud:
            torch.onnx.export(aud, (lat,), os.path.join(out, "audio_decoder.onnx"), opset_version=OPSET,
                              input_names=["latents"], output_names=["waveform"],
                              dynamic_axes={"latents": lat_axes, "waveform": {0: "batch", 1: "audio_samples"}})
        elif os.path.exists(os.path.join(out, "audio_decoder.onnx")):
            os.remove(os.path.join(out, "audio_decoder.onnx"))
    tok.save(os.path.join(out, "tokenizer.json"))
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest(frames_min, frames_max, audio=aud is not None), f, indent=2)
        f.write("\n")
    for name in ("text_encoder.onnx", "denoiser.onnx", "vae_decoder.onnx", *(["audio_decoder.onnx"] if aud else [])):
        model = onnx.load(os.path.join(out, name))
        onnx.checker.check_model(model)
        print(f"{name}: onnx.checker ok, {os.path.getsize(os.path.join(out, name)) / 1e6:.2f} MB, "
              f"inputs {[i.name for i in model.graph.input]}", flush=True)
    return te, den, dec, aud


def compare_with_ort(out, te, den, dec, aud=None, node=None):
    """Run the exported pack in onnxruntime-node on fixed inputs (two shapes) and compare with torch."""
    node = node or os.path.join(REPO, ".tools", "node22", "bin", "node")
    if not os.path.exists(node):
        print("node not found; skipping ORT comparison")
        return None
    tmp = tempfile.mkdtemp()
    cases = []
    for T in (16, 9):
        ids, am, lat, ts, ref, mask = example_inputs(T=T, seed=T)
        with torch.no_grad():
            ctx = te(ids, am)
            vel = den(lat, ts, ctx, am.float(), ref, mask)
            fr = dec(lat)
            wav = aud(lat) if aud else None
        feeds = {"text_encoder.onnx": {"input_ids": ids, "attention_mask": am},
                 "denoiser.onnx": {"latents": lat, "timestep": ts, "context": ctx, "context_mask": am.float(),
                                   "cameo_reference": ref, "cameo_mask": mask},
                 "vae_decoder.onnx": {"latents": lat}}
        expect = {"text_encoder.onnx": ctx, "denoiser.onnx": vel, "vae_decoder.onnx": fr}
        if aud:
            feeds["audio_decoder.onnx"] = {"latents": lat}
            expect["audio_decoder.onnx"] = wav
        for comp, inputs in feeds.items():
            spec = {}
            for k, v in inputs.items():
                p = os.path.join(tmp, f"{T}_{comp}_{k}.bin")
                arr = v.numpy().astype(np.int64 if v.dtype == torch.long else np.float32)
                arr.tofile(p)
                spec[k] = {"path": p, "dtype": "int64" if v.dtype == torch.long else "float32", "dims": list(arr.shape)}
            cases.append({"model": os.path.join(os.path.abspath(out), comp), "inputs": spec,
                          "out": os.path.join(tmp, f"{T}_{comp}_out.bin"), "T": T, "comp": comp,
                          "expect": expect[comp].numpy()})
    script = os.path.join(tmp, "run.cjs")
    with open(script, "w") as f:
        f.write("""
const ort = require(%s);
const fs = require('fs');
const cases = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
(async () => {
  const sessions = {};
  for (const c of cases) {
    if (!sessions[c.model]) sessions[c.model] = await ort.InferenceSession.create(c.model);
    const s = sessions[c.model];
    const feeds = {};
    for (const [k, v] of Object.entries(c.inputs)) {
      const buf = fs.readFileSync(v.path);
      const data = v.dtype === 'int64' ? new BigInt64Array(buf.buffer, buf.byteOffset, buf.length / 8)
                                       : new Float32Array(buf.buffer, buf.byteOffset, buf.length / 4);
      feeds[k] = new ort.Tensor(v.dtype, data, v.dims);
    }
    const t0 = Date.now();
    const res = await s.run(feeds);
    const o = res[s.outputNames[0]];
    fs.writeFileSync(c.out, Buffer.from(o.data.buffer));
    console.log(JSON.stringify({model: c.model.split('/').pop(), T: c.T, dims: o.dims, ms: Date.now() - t0}));
  }
})().catch(e => { console.error(e); process.exit(1); });
""" % json.dumps(os.path.join(REPO, "node_modules", "onnxruntime-node")))
    with open(os.path.join(tmp, "cases.json"), "w") as f:
        json.dump([{k: v for k, v in c.items() if k != "expect"} for c in cases], f)
    r = subprocess.run([node, script, os.path.join(tmp, "cases.json")], capture_output=True, text=True)
    print(r.stdout.strip())
    if r.returncode != 0:
        print(r.stderr[-3000:])
        raise SystemExit("onnxruntime-node failed on the exported pack")
    worst = 0.0
    for c in cases:
        got = np.fromfile(c["out"], np.float32).reshape(c["expect"].shape)
        err = float(np.abs(got - c["expect"]).max())
        worst = max(worst, err)
        print(f"  {c['comp']} T={c['T']}: max |ort - torch| = {err:.2e}")
    shutil.rmtree(tmp, ignore_errors=True)
    if worst > 1e-3:
        raise SystemExit(f"ORT and torch disagree (max abs diff {worst})")
    return worst


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default="models/training/runs/den/last.pt")
    ap.add_argument("--vae", default="models/training/runs/vae/last.pt")
    ap.add_argument("--out", default="models/scenecast-tiny")
    ap.add_argument("--raw", action="store_true", help="export the raw weights instead of the EMA")
    ap.add_argument("--audio", default=None, help="audio decoder checkpoint (train_audio.py); the pack makes sound")
    ap.add_argument("--no-ort", action="store_true")
    args = ap.parse_args()
    torch.set_num_threads(2)
    torch.set_flush_denormal(True)  # denormals slow CPU kernels down several times
    te, den, dec, aud = export(args.ckpt, args.vae, args.out, ema=not args.raw, audio_path=args.audio)
    if not args.no_ort:
        compare_with_ort(args.out, te, den, dec, aud)
    total = sum(os.path.getsize(os.path.join(args.out, f)) for f in os.listdir(args.out))
    print(f"pack {args.out}: {total / 1e6:.2f} MB in total")


if __name__ == "__main__":
    main()
