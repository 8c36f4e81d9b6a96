"""The networks of scenecast-tiny: word-level tokenizer, text encoder, frame-wise VAE, space-time UNet denoiser.

All of it exports to ONNX opset 17 with torch 1.13 (attention is written as matmul + softmax).
"""
from __future__ import annotations

import json
import math
import re

import torch
import torch.nn as nn
import torch.nn.functional as F

import scenes

MAX_LEN = 32
CTX_DIM = 64
LATENT_CH = 8
REF_SIZE = 32
MAX_CAMEOS = 2

# ---------------------------------------------------------------------------------------------------------------------
# tokenizer (Hugging Face tokenizer.json: WordLevel, Lowercase normalizer, Whitespace pre-tokenizer)

_EXTRA_WORDS = ("a an the and with of on in at to under is are it its one two ball cube ring star left right up down "
                "camera pans panning static bouncing bounces bounce falling falls dropped drops rolling rolls sliding "
                "slides thrown throws flying resting rests sits still moving moves sandy beach grass field night sky "
                "studio floor person pet dog cat walking walks cameo red orange yellow green blue purple white black "
                "gray grey pink brown small big large ,").split()


def vocabulary() -> list[str]:
    words = ["[PAD]", "[UNK]"]
    seen = set(words)
    def add(w):
        if w not in seen:
            seen.add(w); words.append(w)
    for w in _EXTRA_WORDS:
        add(w)
    for phrases in scenes.BACKGROUND_PHRASES.values():
        for p in phrases:
            for w in p.split():
                add(w)
    for w in list(scenes.COLORS) + scenes.SHAPES + list(scenes.MOTIONS):
        add(w)
    return words


_SPLIT = re.compile(r"\w+|[^\w\s]+")


class Tokenizer:
    """Mirrors what tokenizers' WordLevel + Lowercase + Whitespace does, padded with [PAD]=0 to MAX_LEN."""

    def __init__(self):
        self.vocab = {w: i for i, w in enumerate(vocabulary())}

    def encode(self, text: str):
        ids = [self.vocab.get(w, 1) for w in _SPLIT.findall(text.lower())][:MAX_LEN]
        mask = [1] * len(ids) + [0] * (MAX_LEN - len(ids))
        return ids + [0] * (MAX_LEN - len(ids)), mask

    def batch(self, texts):
        enc = [self.encode(t) for t in texts]
        return (torch.tensor([e[0] for e in enc], dtype=torch.long), torch.tensor([e[1] for e in enc], dtype=torch.long))

    def to_json(self) -> dict:
        return {
            "version": "1.0",
            "truncation": None,
            "padding": None,
            "added_tokens": [
                {"id": 0, "content": "[PAD]", "single_word": False, "lstrip": False, "rstrip": False,
                 "normalized": False, "special": True},
                {"id": 1, "content": "[UNK]", "single_word": False, "lstrip": False, "rstrip": False,
                 "normalized": False, "special": True},
            ],
            "normalizer": {"type": "Lowercase"},
            "pre_tokenizer": {"type": "Whitespace"},
            "post_processor": None,
            "decoder": None,
            "model": {"type": "WordLevel", "vocab": self.vocab, "unk_token": "[UNK]"},
        }

    def save(self, path):
        with open(path, "w") as f:
            json.dump(self.to_json(), f, indent=1)


# ---------------------------------------------------------------------------------------------------------------------
# attention (matmul + softmax; masks are additive biases, never -inf, so an all-padding prompt stays finite)

class Attention(nn.Module):
    def __init__(self, dim, ctx_dim=None, heads=4):
        super().__init__()
        self.heads = heads
        self.q = nn.Linear(dim, dim, bias=False)
        self.kv = nn.Linear(ctx_dim or dim, 2 * dim, bias=False)
        self.out = nn.Linear(dim, dim)

    def forward(self, x, ctx=None, bias=None):
        # x: (N, Lq, D); ctx: (N, Lk, Dc); bias: (N, 1, 1, Lk) additive
        ctx = x if ctx is None else ctx
        n, lq, d = x.shape
        h = self.heads
        q = self.q(x).reshape(n, lq, h, d // h).transpose(1, 2)
        k, v = self.kv(ctx).chunk(2, dim=-1)
        k = k.reshape(n, -1, h, d // h).transpose(1, 2)
        v = v.reshape(n, -1, h, d // h).transpose(1, 2)
        att = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(d // h))
        if bias is not None:
            att = att + bias
        att = torch.softmax(att, dim=-1)
        y = torch.matmul(att, v).transpose(1, 2).reshape(n, lq, d)
        return self.out(y)


# ---------------------------------------------------------------------------------------------------------------------
# text encoder

class TextEncoder(nn.Module):
    def __init__(self, vocab_size, dim=CTX_DIM, layers=2, heads=4):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, dim)
        self.pos = nn.Parameter(torch.randn(1, MAX_LEN, dim) * 0.02)
        self.layers = nn.ModuleList()
        for _ in range(layers):
            self.layers.append(nn.ModuleDict({
                "n1": nn.LayerNorm(dim), "att": Attention(dim, heads=heads),
                "n2": nn.LayerNorm(dim), "mlp": nn.Sequential(nn.Linear(dim, dim * 2), nn.GELU(), nn.Linear(dim * 2, dim)),
            }))
        self.norm = nn.LayerNorm(dim)

    def forward(self, input_ids, attention_mask):
        x = self.emb(input_ids) + self.pos
        bias = (1.0 - attention_mask.float())[:, None, None, :] * -1e4
        for l in self.layers:
            x = x + l["att"](l["n1"](x), bias=bias)
            x = x + l["mlp"](l["n2"](x))
        return self.norm(x)


# ---------------------------------------------------------------------------------------------------------------------
# VAE (frame-wise, 8x spatial compression)
#
# The encoder is fixed and linear: the top LATENT_CH principal components of 8x8x3 patches of rendered frames (fitted
# once, 96 % of the variance). Being fixed, the denoiser's training latents never go stale while the decoder keeps
# improving. The decoder is that projection's inverse followed by a learned convolutional refinement (deblocking and
# sharpening; its last layer starts at zero so an untrained decoder is exactly the PCA reconstruction).

class PatchPCAEncoder(nn.Module):
    def __init__(self, z=LATENT_CH):
        super().__init__()
        self.register_buffer("weight", torch.zeros(z, 3, 8, 8))   # principal components as a stride-8 conv
        self.register_buffer("mean", torch.zeros(3, 8, 8))        # mean patch

    def forward(self, x):
        bias = -(self.weight * self.mean[None]).sum(dim=(1, 2, 3))
        return F.conv2d(x, self.weight, bias, stride=8), None


class Res2d(nn.Module):
    def __init__(self, cin, cout, dilation=1):
        super().__init__()
        self.c1 = nn.Conv2d(cin, cout, 3, padding=dilation, dilation=dilation)
        self.c2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else nn.Identity()

    def forward(self, x):
        return self.skip(x) + self.c2(F.silu(self.c1(F.silu(x))))


class Decoder(nn.Module):
    def __init__(self, z=LATENT_CH, ch=32):
        super().__init__()
        self.register_buffer("weight", torch.zeros(z + 1, 3, 8, 8))   # components + the mean patch (for a ones channel)
        # refinement: a little context from the latent grid (upsampled features) + full-resolution convolutions
        self.lat = nn.Sequential(nn.Conv2d(z, 64, 3, padding=1), nn.SiLU(), nn.Conv2d(64, 64, 3, padding=1), nn.SiLU(),
                                 nn.Conv2d(64, ch * 4, 1))
        self.inp = nn.Conv2d(3, ch, 3, padding=1)
        self.r1 = Res2d(ch, ch, 2)
        self.r2 = Res2d(ch, ch, 1)
        self.out = nn.Conv2d(ch, 3, 3, padding=1)
        nn.init.zeros_(self.out.weight); nn.init.zeros_(self.out.bias)

    def project(self, z):
        ones = torch.ones_like(z[:, :1])
        return F.conv_transpose2d(torch.cat([z, ones], dim=1), self.weight, stride=8)

    def forward(self, z):
        base = self.project(z)
        f = F.pixel_shuffle(self.lat(z), 2)                               # (N, ch, 2h, 2w)
        f = F.interpolate(f, scale_factor=4.0, mode="nearest")           # to full resolution
        h = self.inp(base) + f
        h = self.r2(self.r1(h))
        return base + self.out(F.silu(h))


class VAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = PatchPCAEncoder()
        self.decoder = Decoder()

    def set_pca(self, components, mean):
        """components: (z, 192) over patches flattened as (dy, dx, c); mean: (192,)."""
        w = torch.as_tensor(components, dtype=torch.float32).reshape(-1, 8, 8, 3).permute(0, 3, 1, 2)
        m = torch.as_tensor(mean, dtype=torch.float32).reshape(8, 8, 3).permute(2, 0, 1)
        self.encoder.weight.copy_(w); self.encoder.mean.copy_(m)
        self.decoder.weight.copy_(torch.cat([w, m[None]], dim=0))


# ---------------------------------------------------------------------------------------------------------------------
# denoiser: factorised space-time UNet with text cross-attention, full space-time attention at the bottom, and cameo
# conditioning (reference embedding painted into the latent grid by the per-frame masks)

def timestep_embedding(t, dim):
    half = dim // 2
    freqs = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32) / half)
    args = t[:, None].float() * freqs[None]
    return torch.cat([torch.cos(args), torch.sin(args)], dim=-1)


def frame_position(T, dim):
    pos = torch.arange(T, dtype=torch.float32)[:, None] * 1.0
    half = dim // 2
    freqs = torch.exp(-math.log(100.0) * torch.arange(half, dtype=torch.float32) / half)
    return torch.cat([torch.sin(pos * freqs[None]), torch.cos(pos * freqs[None])], dim=-1)  # (T, dim)


class STRes(nn.Module):
    """(B, C, T, H, W): spatial 3x3 conv, FiLM from the embedding, temporal 3-tap conv."""

    def __init__(self, cin, cout, emb):
        super().__init__()
        self.n1 = nn.GroupNorm(8, cin); self.c1 = nn.Conv3d(cin, cout, (1, 3, 3), padding=(0, 1, 1))
        self.film = nn.Linear(emb, 2 * cout)
        self.n2 = nn.GroupNorm(8, cout); self.c2 = nn.Conv3d(cout, cout, (3, 1, 1), padding=(1, 0, 0))
        self.skip = nn.Conv3d(cin, cout, 1) if cin != cout else nn.Identity()
        nn.init.zeros_(self.c2.weight); nn.init.zeros_(self.c2.bias)

    def forward(self, x, emb):
        h = self.c1(F.silu(self.n1(x)))
        s, b = self.film(emb)[:, :, None, None, None].chunk(2, dim=1)
        h = self.n2(h) * (1 + s) + b
        h = self.c2(F.silu(h))
        return self.skip(x) + h


class STAttention(nn.Module):
    """Self-attention over all (T, H, W) tokens (or over T only, per cell) + cross-attention to the prompt."""

    def __init__(self, dim, ctx_dim, heads=4, full=True):
        super().__init__()
        self.full = full
        self.n1 = nn.LayerNorm(dim); self.self_att = Attention(dim, heads=heads)
        self.n2 = nn.LayerNorm(dim); self.cross = Attention(dim, ctx_dim, heads=heads)
        self.n3 = nn.LayerNorm(dim); self.mlp = nn.Sequential(nn.Linear(dim, dim * 2), nn.GELU(), nn.Linear(dim * 2, dim))

    def forward(self, x, ctx, ctx_bias):
        B, C, T, H, W = x.shape
        pe = frame_position(T, C).to(x.dtype)  # (T, C)
        if self.full:
            seq = x.permute(0, 2, 3, 4, 1).reshape(B, T * H * W, C)
            pe_seq = pe[:, None, :].expand(T, H * W, C).reshape(1, T * H * W, C)
            seq = seq + self.self_att(self.n1(seq + pe_seq))
            seq = seq + self.cross(self.n2(seq), ctx, ctx_bias)
            seq = seq + self.mlp(self.n3(seq))
            return seq.reshape(B, T, H, W, C).permute(0, 4, 1, 2, 3)
        # temporal attention per cell, then cross-attention over all tokens of a sample
        seq = x.permute(0, 3, 4, 2, 1).reshape(B * H * W, T, C)
        seq = seq + self.self_att(self.n1(seq + pe[None]))
        seq = seq.reshape(B, H * W * T, C)
        seq = seq + self.cross(self.n2(seq), ctx, ctx_bias)
        seq = seq + self.mlp(self.n3(seq))
        return seq.reshape(B, H, W, T, C).permute(0, 4, 3, 1, 2)


class CameoEncoder(nn.Module):
    def __init__(self, out):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(3, 32, 3, stride=2, padding=1), nn.SiLU(),
            nn.Conv2d(32, 64, 3, stride=2, padding=1), nn.SiLU(),
            nn.Conv2d(64, 96, 3, stride=2, padding=1), nn.SiLU(),
        )
        self.proj = nn.Linear(96 * 2, out)

    def forward(self, ref):  # (N, 3, 32, 32)
        h = self.net(ref)
        h = torch.cat([h.mean(dim=(2, 3)), h.amax(dim=(2, 3))], dim=1)
        return self.proj(h)


class Denoiser(nn.Module):
    """Space-time UNet on 2x2 latent patches: 8x8 tokens per frame (for 128x128 video), then 4x4 with full space-time
    attention. Patchifying first keeps the CPU cost of a training step small (the whole model trains on 2 cores)."""

    def __init__(self, ch=(48, 96), emb=192, ctx_dim=CTX_DIM):
        super().__init__()
        self.ch = ch
        self.t_mlp = nn.Sequential(nn.Linear(128, emb), nn.SiLU(), nn.Linear(emb, emb))
        self.txt = nn.Linear(ctx_dim, emb)
        self.cameo = CameoEncoder(ch[0])
        # 2x2 patches of (latents, cameo masks, coordinates) -> tokens
        self.inp = nn.Conv3d(LATENT_CH + MAX_CAMEOS + 2, ch[0], (1, 2, 2), stride=(1, 2, 2))
        self.d0 = STRes(ch[0], ch[0], emb)
        self.a0 = STAttention(ch[0], ctx_dim, full=False)
        self.down = nn.Conv3d(ch[0], ch[1], (1, 2, 2), stride=(1, 2, 2))
        self.m1 = STRes(ch[1], ch[1], emb)
        self.am = STAttention(ch[1], ctx_dim, full=True)
        self.m2 = STRes(ch[1], ch[1], emb)
        self.up = nn.Conv3d(ch[1], ch[0], (1, 3, 3), padding=(0, 1, 1))
        self.u0 = STRes(2 * ch[0], ch[0], emb)
        self.ua0 = STAttention(ch[0], ctx_dim, full=False)
        self.out_norm = nn.GroupNorm(8, ch[0])
        self.out = nn.Conv3d(ch[0], LATENT_CH * 4, (1, 3, 3), padding=(0, 1, 1))
        nn.init.zeros_(self.out.weight); nn.init.zeros_(self.out.bias)

    @staticmethod
    def _up(x):
        B, C, T, H, W = x.shape
        return F.interpolate(x.reshape(B, C * T, H, W), scale_factor=2.0, mode="nearest").reshape(B, C, T, 2 * H, 2 * W)

    def forward(self, latents, timestep, context, context_mask, cameo_reference, cameo_mask):
        B, _, T, H, W = latents.shape
        ctx_bias = (1.0 - context_mask)[:, None, None, :] * -1e4
        pooled = (context * context_mask[:, :, None]).sum(1) / (context_mask.sum(1, keepdim=True) + 1e-6)
        emb = F.silu(self.t_mlp(timestep_embedding(timestep, 128)) + self.txt(pooled))
        # coordinate channels in [-1, 1] (arange rather than linspace: exports with dynamic sizes)
        ys = (torch.arange(H, dtype=torch.float32) * (2.0 / (H - 1)) - 1.0)[None, None, None, :, None].expand(B, 1, T, H, W)
        xs = (torch.arange(W, dtype=torch.float32) * (2.0 / (W - 1)) - 1.0)[None, None, None, None, :].expand(B, 1, T, H, W)
        h = self.inp(torch.cat([latents, cameo_mask, ys, xs], dim=1))
        # paint each subject's appearance embedding where its mask says it is (mask pooled to the token grid)
        ref = self.cameo(cameo_reference.reshape(B * MAX_CAMEOS, 3, REF_SIZE, REF_SIZE)).reshape(B, MAX_CAMEOS, -1)
        m = F.avg_pool3d(cameo_mask, (1, 2, 2))
        h = h + (m[:, :, None] * ref[:, :, :, None, None, None]).sum(1)
        h0 = self.a0(self.d0(h, emb), context, ctx_bias)
        h1 = self.down(h0)
        h1 = self.m2(self.am(self.m1(h1, emb), context, ctx_bias), emb)
        u0 = self.up(self._up(h1))
        u0 = self.ua0(self.u0(torch.cat([u0, h0], dim=1), emb), context, ctx_bias)
        out = self.out(F.silu(self.out_norm(u0)))                     # (B, 8*4, T, H/2, W/2)
        # unpatchify: channel (c, dy, dx) -> latent cell (2y+dy, 2x+dx)
        out = out.reshape(B, LATENT_CH, 2, 2, T, H // 2, W // 2).permute(0, 1, 4, 5, 2, 6, 3)
        return out.reshape(B, LATENT_CH, T, H, W)


def count_params(m):
    return sum(p.numel() for p in m.parameters())


# ---------------------------------------------------------------------------------------------------------------------
# audio decoder (video -> sound): reads the same normalised latents the VAE decoder reads and predicts, every 8 ms, the
# log RMS of each of sound.BANDS frequency bands; the exported component turns them into a waveform with a noise
# vocoder (sound.py). Frame features see each latent frame and its difference to the previous one (motion), a
# temporal stack finds contacts, a transposed conv goes to the 16 hops of each frame.

class AudioDecoder(nn.Module):
    """Video latents -> the sound's band envelopes, and its floor impacts per video frame.

    Two heads share the per-frame features. The bed head predicts every 8 ms hop's log RMS per band of the sound without
    its impacts (ambience, rolling, scraping). The impact head predicts, per video frame t, whether
    something hits the floor in (t - 1, t] (a logit), how long before frame t (a fraction of a frame), the struck
    material's decay time and the impact's peak level per band; the pack's decoder renders each impact as a decaying
    burst from its onset hop (sound.impact_envelope), so an impact sounds sharply at its time instead of as the blurred
    average an envelope regression makes of an uncertain contact."""

    IMPACT_OUTPUTS = 3    # logit, offset (sigmoid -> [0, 1) frames), log decay time (s); then `bands` log levels

    def __init__(self, z=LATENT_CH, ch=96, bands=24, hops_per_frame=16):
        super().__init__()
        self.frame = nn.Sequential(nn.Conv2d(2 * z, 48, 3, padding=1), nn.SiLU(),
                                   nn.Conv2d(48, 64, 3, stride=2, padding=1), nn.SiLU(),
                                   nn.Conv2d(64, 64, 3, stride=2, padding=1), nn.SiLU())
        self.proj = nn.Linear(64 * 16, ch)
        self.t1 = nn.Conv1d(ch, ch, 5, padding=2)
        self.t2 = nn.Conv1d(ch, ch, 5, padding=4, dilation=2)
        self.up = nn.ConvTranspose1d(ch, 64, 2 * hops_per_frame, stride=hops_per_frame, padding=hops_per_frame // 2)
        self.h1 = nn.Conv1d(64, 64, 9, padding=4)
        self.h2 = nn.Conv1d(64, 64, 9, padding=8, dilation=2)
        self.out = nn.Conv1d(64, bands, 1)
        nn.init.constant_(self.out.bias, -6.0)
        # impact head: frame-rate features with a little more temporal context, then per-frame outputs
        self.i1 = nn.Conv1d(ch, ch, 3, padding=1)
        self.i2 = nn.Conv1d(ch, ch, 3, padding=2, dilation=2)
        self.imp = nn.Conv1d(ch, self.IMPACT_OUTPUTS + bands, 1)
        with torch.no_grad():
            self.imp.bias.zero_()
            self.imp.bias[0] = -3.0                       # impacts are rare
            self.imp.bias[2] = math.log(0.05)
            self.imp.bias[self.IMPACT_OUTPUTS:] = -4.0

    def forward(self, latents, impacts: bool = False):
        """(B, z, T, 16, 16) normalised latents -> (B, bands, T * hops_per_frame) log band RMS; with impacts=True also
        (B, 3 + bands, T): impact logit, offset in frames, log decay (s), log peak level per band."""
        B, C, T, h, w = latents.shape
        prev = torch.cat([latents[:, :, :1], latents[:, :, :-1]], dim=2)
        x = torch.cat([latents, latents - prev], dim=1).permute(0, 2, 1, 3, 4).reshape(B * T, 2 * C, h, w)
        f = self.frame(x).reshape(B, T, -1)
        f = self.proj(f).transpose(1, 2)                                  # (B, ch, T)
        f = f + self.t1(F.silu(f))
        f = f + self.t2(F.silu(f))
        g = self.up(F.silu(f))                                            # (B, 64, 16 T)
        g = g + self.h1(F.silu(g))
        g = g + self.h2(F.silu(g))
        env = self.out(F.silu(g))
        if not impacts:
            return env
        k = f + self.i1(F.silu(f))
        k = k + self.i2(F.silu(k))
        raw = self.imp(F.silu(k))
        imp = torch.cat([raw[:, :1], torch.sigmoid(raw[:, 1:2]), raw[:, 2:]], dim=1)
        return env, imp
