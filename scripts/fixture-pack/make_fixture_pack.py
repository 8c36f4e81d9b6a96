"""Builds the random-weight test pack: the model pack v1 I/O signature with tiny random weights.

It exists so engine tests run in seconds against real ONNX Runtime. It is not a model: its manifest says
"purpose": "test-fixture" and the engine never offers it to users.

Run with Debian's torch (the python that has it):  /usr/bin/python3 scripts/fixture-pack/make_fixture_pack.py OUT_DIR
"""
import json
import os
import sys

import torch
from torch import nn

torch.manual_seed(1234)

MAX_LEN = 16
CTX = 32
CH = 4
REF = 16
SUBJECTS = 2
VOCAB = ["[PAD]", "[UNK]", "a", "the", "red", "blue", "green", "yellow", "ball", "cube", "bouncing", "rolling",
         "on", "beach", "grass", "left", "right", "sky", "night", "star", "ring"]


class TextEncoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(len(VOCAB), CTX)
        self.proj = nn.Linear(CTX, CTX)

    def forward(self, input_ids, attention_mask):
        x = self.embed(input_ids)
        return torch.tanh(self.proj(x)) * attention_mask.unsqueeze(-1).to(x.dtype)


class Denoiser(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv_in = nn.Conv3d(CH + SUBJECTS, 16, 3, padding=1)
        self.conv_out = nn.Conv3d(16, CH, 3, padding=1)
        self.ctx = nn.Linear(CTX, 16)
        self.ref = nn.Linear(3 * REF * REF, 16)

    def forward(self, latents, timestep, context, context_mask, cameo_reference, cameo_mask):
        pooled = (context * context_mask.unsqueeze(-1)).sum(1) / (context_mask.sum(1, keepdim=True) + 1.0)
        ref = self.ref(cameo_reference.flatten(2)).mean(1)
        cond = self.ctx(pooled) + ref + torch.sin(timestep / 1000.0).unsqueeze(-1)
        h = torch.relu(self.conv_in(torch.cat([latents, cameo_mask], dim=1)) + cond[:, :, None, None, None])
        return self.conv_out(h) * 0.5 + latents * 0.1


class VaeDecoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.up = nn.ConvTranspose3d(CH, 3, kernel_size=(1, 8, 8), stride=(1, 8, 8))

    def forward(self, latents):
        x = self.up(latents)  # b, 3, t, 8h, 8w
        # temporal compression 4: frames = 4 (t - 1) + 1
        x = nn.functional.interpolate(x, scale_factor=(4.0, 1.0, 1.0), mode="nearest")[:, :, 3:]
        return torch.tanh(x)


AUDIO_RATE = 8000   # 1000 samples per video frame at 8 fps


class AudioDecoder(nn.Module):
    """Latents -> a tone whose loudness follows each latent frame's mean, at the pixel frame rate."""

    def __init__(self):
        super().__init__()
        self.gain = nn.Linear(CH, 1)

    def forward(self, latents):
        level = torch.sigmoid(self.gain(latents.mean(dim=(3, 4)).transpose(1, 2)))[..., 0]      # b, t
        per_frame = level.unsqueeze(-1).expand(-1, -1, 4).flatten(1)[:, 3:]                     # b, 4 (t - 1) + 1
        env = per_frame.unsqueeze(-1).expand(-1, -1, AUDIO_RATE // 8).flatten(1)                  # b, samples
        n = torch.cumsum(torch.ones_like(env), dim=1) - 1.0                                       # sample index
        return 0.25 * env * torch.sin(2 * 3.141592653589793 * 440.0 * n / AUDIO_RATE)


def export(module, args, path, inputs, outputs, dynamic):
    torch.onnx.export(module, args, path, input_names=inputs, output_names=outputs, dynamic_axes=dynamic, opset_version=17)


def main(out):
    os.makedirs(out, exist_ok=True)
    lat = ["batch", CH, "latent_frames", "latent_height", "latent_width"]
    te, dn, vd = TextEncoder().eval(), Denoiser().eval(), VaeDecoder().eval()
    ids = torch.zeros(2, MAX_LEN, dtype=torch.int64)
    mask = torch.ones(2, MAX_LEN, dtype=torch.int64)
    export(te, (ids, mask), f"{out}/text_encoder.onnx", ["input_ids", "attention_mask"], ["context"],
           {"input_ids": {0: "batch"}, "attention_mask": {0: "batch"}, "context": {0: "batch"}})
    lt = torch.randn(2, CH, 3, 8, 8)
    latdyn = {0: "batch", 2: "latent_frames", 3: "latent_height", 4: "latent_width"}
    export(dn, (lt, torch.ones(2), torch.randn(2, MAX_LEN, CTX), torch.ones(2, MAX_LEN), torch.zeros(2, SUBJECTS, 3, REF, REF),
                torch.zeros(2, SUBJECTS, 3, 8, 8)),
           f"{out}/denoiser.onnx", ["latents", "timestep", "context", "context_mask", "cameo_reference", "cameo_mask"],
           ["velocity"],
           {"latents": latdyn, "timestep": {0: "batch"}, "context": {0: "batch"}, "context_mask": {0: "batch"},
            "cameo_reference": {0: "batch"}, "cameo_mask": latdyn, "velocity": latdyn})
    export(vd, (lt,), f"{out}/vae_decoder.onnx", ["latents"], ["frames"],
           {"latents": latdyn, "frames": {0: "batch", 2: "frames", 3: "height", 4: "width"}})
    export(AudioDecoder().eval(), (lt,), f"{out}/audio_decoder.onnx", ["latents"], ["waveform"],
           {"latents": latdyn, "waveform": {0: "batch", 1: "audio_samples"}})

    tokenizer = {
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": [
            {"id": 0, "content": "[PAD]", "single_word": False, "lstrip": False, "rstrip": False, "normalized": False, "special": True},
            {"id": 1, "content": "[UNK]", "single_word": False, "lstrip": False, "rstrip": False, "normalized": False, "special": True}],
        "normalizer": {"type": "Lowercase"},
        "pre_tokenizer": {"type": "Whitespace"},
        "post_processor": None, "decoder": None,
        "model": {"type": "WordLevel", "vocab": {w: i for i, w in enumerate(VOCAB)}, "unk_token": "[UNK]"},
    }
    with open(f"{out}/tokenizer.json", "w") as f:
        json.dump(tokenizer, f, indent=1)

    t = lambda name, dtype, shape: {"name": name, "dtype": dtype, "shape": shape}
    manifest = {
        "format": "scenecast-model-pack", "formatVersion": 1, "id": "test-fixture-tiny", "name": "Test fixture (random weights)",
        "version": "0.0.1", "license": "Apache-2.0", "purpose": "test-fixture",
        "description": "Random weights with the model pack v1 signature, for engine tests only. Produces noise.",
        "video": {"fps": 8, "sizes": [{"width": 64, "height": 64}, {"width": 96, "height": 64}], "frames": {"min": 5, "max": 33}},
        "latent": {"channels": CH, "spatialCompression": 8, "temporalCompression": 4},
        "tokenizer": {"file": "tokenizer.json", "maxLength": MAX_LEN},
        "components": {
            "textEncoder": {"file": "text_encoder.onnx",
                            "inputs": {"inputIds": t("input_ids", "int64", ["batch", MAX_LEN]),
                                       "attentionMask": t("attention_mask", "int64", ["batch", MAX_LEN])},
                            "outputs": {"context": t("context", "float32", ["batch", MAX_LEN, CTX])}},
            "denoiser": {"file": "denoiser.onnx",
                         "inputs": {"latents": t("latents", "float32", lat), "timestep": t("timestep", "float32", ["batch"]),
                                    "context": t("context", "float32", ["batch", MAX_LEN, CTX]),
                                    "contextMask": t("context_mask", "float32", ["batch", MAX_LEN]),
                                    "cameoReference": t("cameo_reference", "float32", ["batch", SUBJECTS, 3, REF, REF]),
                                    "cameoMask": t("cameo_mask", "float32", ["batch", SUBJECTS, "latent_frames", "latent_height", "latent_width"])},
                         "outputs": {"velocity": t("velocity", "float32", lat)}},
            "vaeDecoder": {"file": "vae_decoder.onnx", "inputs": {"latents": t("latents", "float32", lat)},
                           "outputs": {"frames": t("frames", "float32", ["batch", 3, "frames", "height", "width"])}},
            "audioDecoder": {"file": "audio_decoder.onnx", "inputs": {"latents": t("latents", "float32", lat)},
                             "outputs": {"waveform": t("waveform", "float32", ["batch", "audio_samples"])}},
        },
        "audio": {"sampleRate": AUDIO_RATE, "channels": 1},
        "scheduler": {"kind": "flow-unipc", "numTrainTimesteps": 1000, "shift": 5.0, "steps": 8, "guidance": 5.0},
        "conditioning": {"cameo": {"maxSubjects": SUBJECTS, "referenceSize": {"width": REF, "height": REF}}},
    }
    with open(f"{out}/manifest.json", "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "src-main/engine/inference/__fixtures__/tiny-pack")
