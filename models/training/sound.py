"""The sound of a synthetic scene, made from its simulated physics, and the band features the audio model learns.

Every floor impact becomes a struck-material sound at the exact simulated time: loudness from the impact speed, timbre
(modal frequencies and decay) from the shape's material and pitch from its size. An object on the floor makes a
continuous noise while it moves — a low rumble when it rolls, a brighter scrape when it slides — with a level that
follows its speed. Each background has its own quiet ambience (surf, wind in grass, crickets at night, room tone).

The audio model does not predict samples directly: it predicts, every `HOP` samples, the RMS level of each of `BANDS`
log-spaced frequency bands, and the pack's audio decoder turns those envelopes into a waveform by modulating fixed
band-limited noise (`band_noise`) — a noise vocoder. `band_features` computes the same quantity from a waveform, so
training targets and synthesis agree by construction.
"""
from __future__ import annotations

import math

import numpy as np

import scenes

SR = 16000
SPF = SR // scenes.FPS          # samples per video frame (2000)
HOP = 125                        # 8 ms; 16 hops per video frame
HOPS_PER_FRAME = SPF // HOP
BANDS = 24
F_LO, F_HI = 50.0, 7600.0
NOISE_LEN = SR                   # one second of band noise, tiled
EPS = 1e-4                       # floor of the band RMS (about -80 dBFS)

# material per shape: modal frequency ratios, base frequency at 0.4 m radius, decay time (s), click (noise) share
MATERIALS = {
    "ball": {"ratios": (1.0, 1.8, 2.9), "f0": 140.0, "decay": 0.045, "click": 0.35},    # rubber thud
    "cube": {"ratios": (1.0, 2.3, 3.9), "f0": 480.0, "decay": 0.030, "click": 0.55},    # wooden knock
    "ring": {"ratios": (1.0, 2.76, 5.4), "f0": 1100.0, "decay": 0.160, "click": 0.20},  # metallic clang
    "star": {"ratios": (1.0, 1.6, 2.9), "f0": 700.0, "decay": 0.040, "click": 0.45},    # plastic tap
}


def band_edges() -> np.ndarray:
    return np.geomspace(F_LO, F_HI, BANDS + 1)


def band_masks(n: int) -> np.ndarray:
    """[BANDS, n // 2 + 1] gains over rfft bins: raised-cosine crossovers in log frequency that sum to one."""
    freqs = np.fft.rfftfreq(n, 1.0 / SR)
    logf = np.log(np.maximum(freqs, 1.0))
    centres = np.log(np.sqrt(band_edges()[:-1] * band_edges()[1:]))
    width = centres[1] - centres[0]
    masks = np.zeros((BANDS, len(freqs)))
    for k, c in enumerate(centres):
        d = (logf - c) / width
        m = np.where(np.abs(d) < 1.0, 0.5 * (1 + np.cos(np.pi * d)), 0.0)
        if k == 0:
            m = np.where(logf < c, 1.0, m)
        if k == BANDS - 1:
            m = np.where(logf > c, 1.0, m)
        masks[k] = m
    masks[:, freqs < 20.0] = 0.0
    return masks


def split_bands(x: np.ndarray) -> np.ndarray:
    """[n] waveform -> [BANDS, n] band signals (linear phase, FFT domain)."""
    X = np.fft.rfft(x)
    return np.fft.irfft(X[None, :] * band_masks(len(x)), n=len(x))


def band_features(x: np.ndarray) -> np.ndarray:
    """[n] waveform (n a multiple of HOP) -> [BANDS, n // HOP] band RMS per hop."""
    b = split_bands(x)
    return np.sqrt((b.reshape(BANDS, -1, HOP) ** 2).mean(axis=2) + EPS ** 2).astype(np.float32)


def band_noise(seed: int = 1234) -> np.ndarray:
    """[BANDS, NOISE_LEN] unit-RMS band-limited noise; periodic, so tiling it has no seam."""
    rng = np.random.default_rng(seed)
    b = split_bands(rng.standard_normal(NOISE_LEN))
    return (b / np.sqrt((b ** 2).mean(axis=1, keepdims=True))).astype(np.float32)


def upsample_envelope(env: np.ndarray) -> np.ndarray:
    """[BANDS, hops] -> [BANDS, hops * HOP], linear between hop centres (what the ONNX decoder does)."""
    hops = env.shape[1]
    t = (np.arange(hops * HOP) + 0.5) / HOP - 0.5
    return np.stack([np.interp(t, np.arange(hops), e) for e in env])


def vocode(env: np.ndarray, noise: np.ndarray | None = None) -> np.ndarray:
    """Band envelopes -> waveform (the reference for the exported decoder)."""
    noise = band_noise() if noise is None else noise
    n = env.shape[1] * HOP
    reps = int(math.ceil(n / NOISE_LEN))
    nz = np.tile(noise, (1, reps))[:, :n]
    return (upsample_envelope(env) * nz).sum(axis=0).astype(np.float32)


IMPACT_GATE = (0.3, 0.6)   # impact probability below the first: no burst; above the second: the full burst


def impact_envelope(imp: np.ndarray) -> np.ndarray:
    """The impact head's output [3 + BANDS, frames] (logit, offset in frames, log decay in s, log peak level per band)
    -> [BANDS, frames * HOPS_PER_FRAME] band RMS of the impacts: each frame's impact starts at the hop of its onset,
    (t - offset) frames, at its peak level and decays exponentially with its decay time, scaled by how sure the head
    is (IMPACT_GATE); overlapping impacts add. The reference for the exported decoder."""
    T = imp.shape[1]
    p = 1.0 / (1.0 + np.exp(-imp[0]))
    gate = np.clip((p - IMPACT_GATE[0]) / (IMPACT_GATE[1] - IMPACT_GATE[0]), 0.0, 1.0)
    h0 = np.floor((np.arange(T) - imp[1]) * HOPS_PER_FRAME)
    d = np.arange(T * HOPS_PER_FRAME)[None, :] - h0[:, None]                     # [T, hops]
    decay = np.exp(-np.maximum(d, 0.0) * (HOP / SR) / np.exp(imp[2])[:, None]) * (d >= 0) * gate[:, None]
    return np.exp(imp[3:]) @ decay


def decoder_envelope(log_bed: np.ndarray, imp: np.ndarray) -> np.ndarray:
    """What the pack's audio decoder vocodes: the predicted bed [BANDS, hops] (log RMS) and the impacts' bursts,
    added as independent sounds (root of the summed powers), at most full scale."""
    bed = np.exp(np.minimum(log_bed, 0.0))
    return np.minimum(np.sqrt(bed ** 2 + impact_envelope(imp) ** 2), 1.0)


# ---------------------------------------------------------------------------------------------------------------------
# physics -> sound

def _impact(shape: str, size_m: float, speed: float, n: int, rng) -> np.ndarray:
    mat = MATERIALS[shape]
    t = np.arange(n) / SR
    amp = 0.55 * min(1.0, speed / 7.0) ** 1.3
    f0 = mat["f0"] * 0.4 / size_m * float(rng.uniform(0.94, 1.06))
    out = np.zeros(n)
    for i, ratio in enumerate(mat["ratios"]):
        f = f0 * ratio
        if f >= SR / 2 - 200:
            continue
        decay = mat["decay"] / (1 + 0.6 * i)
        out += (0.6 ** i) * np.sin(2 * np.pi * f * t + rng.uniform(0, 2 * np.pi)) * np.exp(-t / decay)
    click_n = min(n, int(0.006 * SR))
    click = rng.standard_normal(click_n) * np.exp(-np.arange(click_n) / (0.0015 * SR))
    out[:click_n] += mat["click"] * 2.0 * click
    attack = np.minimum(1.0, np.arange(n) / (0.0008 * SR))        # no discontinuity at the onset
    return amp * out * attack / 1.6


def _lowpass(x: np.ndarray, cutoff: float) -> np.ndarray:
    X = np.fft.rfft(x)
    f = np.fft.rfftfreq(len(x), 1.0 / SR)
    return np.fft.irfft(X / np.sqrt(1 + (f / cutoff) ** 4), n=len(x))


def _bandpass(x: np.ndarray, lo: float, hi: float) -> np.ndarray:
    X = np.fft.rfft(x)
    f = np.fft.rfftfreq(len(x), 1.0 / SR)
    g = 1 / np.sqrt(1 + (lo / np.maximum(f, 1.0)) ** 4) / np.sqrt(1 + (f / hi) ** 4)
    return np.fft.irfft(X * g, n=len(x))


def _ambience(background: str, n: int, rng) -> np.ndarray:
    t = np.arange(n) / SR
    w = rng.standard_normal(n)
    if background == "beach":        # surf: low noise swelling every few seconds
        swell = 0.55 + 0.45 * np.sin(2 * np.pi * rng.uniform(0.15, 0.3) * t + rng.uniform(0, 6.3))
        return 0.035 * _lowpass(w, 500.0) * swell
    if background == "grass":        # wind: mid noise with slow gusts
        gust = 0.6 + 0.4 * np.sin(2 * np.pi * rng.uniform(0.3, 0.6) * t + rng.uniform(0, 6.3))
        return 0.02 * _bandpass(w, 300.0, 2500.0) * gust
    if background == "night":        # crickets: chirp trains around 4.5 kHz over a faint hiss
        f = rng.uniform(4200, 4800)
        gate = (np.sin(2 * np.pi * rng.uniform(14, 20) * t) > 0.3) * (np.sin(2 * np.pi * 1.1 * t + rng.uniform(0, 6.3)) > 0)
        return 0.012 * np.sin(2 * np.pi * f * t) * gate + 0.004 * _bandpass(w, 2000.0, 7000.0)
    return 0.003 * _lowpass(w, 300.0)  # studio: room tone


IMPACT_MIN_SPEED = 0.3   # slower touches make no impact sound


def impact_labels(scene: scenes.SceneSpec, sims: list) -> np.ndarray:
    """[frames, 3] float32 per video frame t: (1 if an object hits the floor in (t - 1, t] frames, how long before frame
    t it hits in frames [0, 1), the impact's decay time in seconds from its material); (0, 0, 0) where nothing hits. Of
    several impacts in one frame the fastest is kept. The same impacts scene_audio sounds."""
    out = np.zeros((scene.frames, 3), np.float32)
    best = np.zeros(scene.frames)
    for o, sim in zip(scene.objects, sims):
        for t_hit, speed in sim["impacts"]:
            u = t_hit * scenes.FPS
            t = int(math.ceil(u - 1e-9))
            if speed < IMPACT_MIN_SPEED or t >= scene.frames or speed <= best[t]:
                continue
            best[t] = speed
            out[t] = (1.0, t - u, MATERIALS[o.shape]["decay"])
    return out


def scene_audio_parts(scene: scenes.SceneSpec, sims: list, seed: int = 0) -> tuple:
    """The scene's soundtrack in two parts, each [frames * SPF] float32, sample 0 at video frame 0: the bed (ambience,
    rolling, scraping) and the impacts. The audio decoder learns them apart: the bed as band envelopes, the impacts as
    events (impact_labels) with their peak levels."""
    rng = np.random.default_rng(seed)
    n = scene.frames * SPF
    bed = _ambience(scene.background, n, rng)
    hits = np.zeros(n)
    for o, sim in zip(scene.objects, sims):
        for t_hit, speed in sim["impacts"]:
            start = int(round(t_hit * SR))
            if start >= n or speed < IMPACT_MIN_SPEED:
                continue
            seg = _impact(o.shape, o.size_m, speed, min(n - start, int(0.6 * SR)), rng)
            hits[start:start + len(seg)] += seg
        speed_sub = sim["ground_speed"]
        if speed_sub.max() > 0.05:
            t_sub = (np.arange(len(speed_sub)) + 0.5) * (SPF / scenes.SUBSTEPS)
            level = np.interp(np.arange(n), t_sub, speed_sub)
            rolls = o.motion == "rolling" or o.shape in ("ball", "ring")
            w = rng.standard_normal(n)
            if rolls:
                noise = _lowpass(w, 220.0 / (o.size_m / 0.4)) * 0.09
            else:
                noise = _bandpass(w, 900.0, 3500.0) * 0.05
            bed += noise * np.minimum(level / 2.5, 1.0)
    return bed.astype(np.float32), hits.astype(np.float32)


def scene_audio(scene: scenes.SceneSpec, sims: list, seed: int = 0) -> np.ndarray:
    """The scene's soundtrack: [frames * SPF] float32 in [-1, 1], sample 0 at video frame 0."""
    bed, hits = scene_audio_parts(scene, sims, seed)
    return np.clip(bed.astype(np.float64) + hits, -1.0, 1.0).astype(np.float32)
