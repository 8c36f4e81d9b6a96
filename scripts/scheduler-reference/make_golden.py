#!/usr/bin/env python3
"""Golden data for Scenecast's flow-matching schedulers, produced by running Wan 2.1's published code.

This script drives the reference implementations; it does not contain them. Get them from:

  * Wan 2.1 (UniPC, and the sigma helper its non-UniPC solvers use):
      git clone https://github.com/Wan-Video/Wan2.1
    files used: wan/utils/fm_solvers_unipc.py (FlowUniPCMultistepScheduler)
                wan/utils/fm_solvers.py       (get_sampling_sigmas, retrieve_timesteps)
    They are loaded by file path, so Wan's heavy package __init__ (models, T5, VAE) is never imported.
  * Euler: Wan 2.1 ships no Euler solver. Projects built on Wan 2.1 that add `sample_solver == 'euler'` construct
    diffusers' FlowMatchEulerDiscreteScheduler(num_train_timesteps, shift=1, use_dynamic_shifting=False) and call
    retrieve_timesteps(scheduler, sigmas=get_sampling_sigmas(steps, shift)). With diffusers installed
    (`pip install diffusers>=0.31`) nothing else is needed; otherwise pass --diffusers-euler with a copy of
    https://github.com/huggingface/diffusers/blob/main/src/diffusers/schedulers/scheduling_flow_match_euler_discrete.py

When diffusers is not importable, the few diffusers names the reference files import (ConfigMixin,
register_to_config, SchedulerMixin, SchedulerOutput, KarrasDiffusionSchedulers, deprecate, is_scipy_available,
randn_tensor, BaseOutput, logging) are replaced by the minimal in-memory stand-ins below; none of them takes part in
the arithmetic.

The sampling loop mirrors wan/text2video.py: scheduler.step(model_output, t, sample) for t in scheduler.timesteps,
with a deterministic fake model (see `fake_velocity`) that depends on the step index and on the current sample, so
the multistep history matters. Two precisions are recorded:

  * "float64": the sample lives in float64 and, after set_timesteps, the scheduler's sigma tensor is cast to float64
    (its values are still the float32-rounded ones Wan computes), so every coefficient is computed in float64. This
    is the algorithm without float32 arithmetic noise, and what Scenecast's schedulers are asserted against.
  * "float32": exactly what Wan runs on a GPU: float32 sample, float32 model output, float32 sigma tensors.

Usage:
  /usr/bin/python3 scripts/scheduler-reference/make_golden.py --wan-repo /path/to/Wan2.1 \
      [--diffusers-euler /path/to/scheduling_flow_match_euler_discrete.py] \
      --out src-main/engine/inference/schedulers/__fixtures__/wan21-flow-golden.json
"""

import argparse
import dataclasses
import enum
import functools
import importlib.util
import inspect
import json
import logging
import math
import os
import sys
import types

import numpy as np
import torch

SAMPLE_SIZE = 32
NUM_TRAIN_TIMESTEPS = 1000

# (kind, steps, shift, precisions)
CASES = [
    ("flow-unipc", 50, 5.0, ("float64", "float32")),
    ("flow-unipc", 20, 5.0, ("float64",)),
    ("flow-unipc", 4, 1.0, ("float64",)),
    ("flow-unipc", 2, 3.0, ("float64",)),
    ("flow-unipc", 1, 5.0, ("float64",)),
    ("flow-euler", 50, 5.0, ("float64", "float32")),
    ("flow-euler", 20, 5.0, ("float64",)),
    ("flow-euler", 4, 1.0, ("float64",)),
    ("flow-euler", 1, 5.0, ("float64",)),
]

INITIAL_SAMPLE_FORMULA = "x[k] = float32(sin(1.7*k + 0.3) + 0.5*cos(0.37*k*k + 1.1)), k = 0..31"
VELOCITY_FORMULA = "v_i[k] = float32(0.9*x[k] - 0.6*cos(0.7*k + 0.45*i) + 0.15*sin(2*x[k])), i = step index"


def initial_sample():
    k = np.arange(SAMPLE_SIZE, dtype=np.float64)
    x = np.sin(1.7 * k + 0.3) + 0.5 * np.cos(0.37 * k * k + 1.1)
    return x.astype(np.float32).astype(np.float64)


def fake_velocity(i, x64):
    """A stand-in denoiser: depends on the step index and (non-linearly) on the sample; rounded to float32 like a
    real model's output."""
    k = np.arange(SAMPLE_SIZE, dtype=np.float64)
    v = 0.9 * x64 - 0.6 * np.cos(0.7 * k + 0.45 * i) + 0.15 * np.sin(2.0 * x64)
    return v.astype(np.float32).astype(np.float64)


def install_diffusers_stand_ins():
    """Registers minimal diffusers modules in sys.modules, unless the real diffusers is importable."""
    try:
        import diffusers  # noqa: F401
        return False
    except ImportError:
        pass

    def package(name):
        mod = types.ModuleType(name)
        mod.__path__ = []
        sys.modules[name] = mod
        return mod

    def module(name):
        mod = types.ModuleType(name)
        sys.modules[name] = mod
        return mod

    package("diffusers")
    package("diffusers.schedulers")
    package("diffusers.utils")

    config = module("diffusers.configuration_utils")

    class ConfigMixin:
        def register_to_config(self, **kwargs):
            for key, value in kwargs.items():
                setattr(self.config, key, value)

    def register_to_config(init):
        @functools.wraps(init)
        def wrapper(self, *args, **kwargs):
            bound = inspect.signature(init).bind(self, *args, **kwargs)
            bound.apply_defaults()
            params = dict(bound.arguments)
            params.pop("self")
            self.config = types.SimpleNamespace(**params)
            init(self, *args, **kwargs)

        return wrapper

    config.ConfigMixin = ConfigMixin
    config.register_to_config = register_to_config

    sched_utils = module("diffusers.schedulers.scheduling_utils")

    class KarrasDiffusionSchedulers(enum.Enum):
        DDIMScheduler = 1

    class SchedulerMixin:
        pass

    @dataclasses.dataclass
    class SchedulerOutput:
        prev_sample: torch.Tensor

    sched_utils.KarrasDiffusionSchedulers = KarrasDiffusionSchedulers
    sched_utils.SchedulerMixin = SchedulerMixin
    sched_utils.SchedulerOutput = SchedulerOutput

    utils = sys.modules["diffusers.utils"]

    class BaseOutput:
        pass

    utils.deprecate = lambda *args, **kwargs: None
    utils.is_scipy_available = lambda: False
    utils.BaseOutput = BaseOutput
    utils.logging = types.SimpleNamespace(get_logger=logging.getLogger)

    torch_utils = module("diffusers.utils.torch_utils")

    def randn_tensor(*args, **kwargs):
        raise NotImplementedError("the golden drivers are deterministic")

    torch_utils.randn_tensor = randn_tensor
    return True


def load_file(module_name, path):
    if not os.path.isfile(path):
        sys.exit(f"reference file not found: {path} (see this script's docstring for where to get it)")
    spec = importlib.util.spec_from_file_location(module_name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = mod
    spec.loader.exec_module(mod)
    return mod


def load_references(wan_repo, diffusers_euler):
    stand_ins = install_diffusers_stand_ins()
    unipc = load_file("wan_fm_solvers_unipc", os.path.join(wan_repo, "wan", "utils", "fm_solvers_unipc.py"))
    solvers = load_file("wan_fm_solvers", os.path.join(wan_repo, "wan", "utils", "fm_solvers.py"))
    if diffusers_euler:
        euler = load_file("diffusers.schedulers.scheduling_flow_match_euler_discrete", diffusers_euler)
    elif stand_ins:
        sys.exit("diffusers is not installed: pass --diffusers-euler (see this script's docstring)")
    else:
        from diffusers.schedulers import scheduling_flow_match_euler_discrete as euler
    return unipc.FlowUniPCMultistepScheduler, euler.FlowMatchEulerDiscreteScheduler, solvers


def make_scheduler(kind, steps, shift, refs):
    """Constructs and sets up the scheduler exactly as Wan's generate() does."""
    FlowUniPCMultistepScheduler, FlowMatchEulerDiscreteScheduler, solvers = refs
    if kind == "flow-unipc":
        scheduler = FlowUniPCMultistepScheduler(
            num_train_timesteps=NUM_TRAIN_TIMESTEPS, shift=1, use_dynamic_shifting=False)
        scheduler.set_timesteps(steps, device="cpu", shift=shift)
        timesteps = scheduler.timesteps
    else:
        scheduler = FlowMatchEulerDiscreteScheduler(
            num_train_timesteps=NUM_TRAIN_TIMESTEPS, shift=1, use_dynamic_shifting=False)
        sampling_sigmas = solvers.get_sampling_sigmas(steps, shift)
        timesteps, _ = solvers.retrieve_timesteps(scheduler, device="cpu", sigmas=sampling_sigmas)
    # The reference finds its position on the first step by looking the timestep up; a repeated timestep would
    # make it start at index 1. None of the recorded cases has one.
    assert len(set(timesteps.tolist())) == len(timesteps), "duplicate timesteps"
    return scheduler, timesteps


def run_case(kind, steps, shift, precision, refs):
    scheduler, timesteps = make_scheduler(kind, steps, shift, refs)
    sigmas = scheduler.sigmas.tolist()
    timestep_values = timesteps.tolist()

    dtype = torch.float64 if precision == "float64" else torch.float32
    if precision == "float64":
        scheduler.sigmas = scheduler.sigmas.to(torch.float64)
    previous_default = torch.get_default_dtype()
    torch.set_default_dtype(dtype)
    try:
        x = torch.from_numpy(initial_sample()).to(dtype).reshape(1, 4, SAMPLE_SIZE // 4)
        samples = [x.reshape(-1).to(torch.float64).tolist()]
        for i, t in enumerate(timesteps):
            v = torch.from_numpy(fake_velocity(i, x.reshape(-1).to(torch.float64).numpy())).to(dtype)
            x = scheduler.step(v.reshape(1, 4, SAMPLE_SIZE // 4), t, x, return_dict=False)[0]
            samples.append(x.reshape(-1).to(torch.float64).tolist())
    finally:
        torch.set_default_dtype(previous_default)

    return {
        "kind": kind,
        "steps": steps,
        "shift": shift,
        "numTrainTimesteps": NUM_TRAIN_TIMESTEPS,
        "precision": precision,
        # float32 values, written exactly
        "sigmas": sigmas,
        "timesteps": timestep_values,
        # samples[0] is the initial sample (exact float32 values), samples[i + 1] the result of step i, written
        # with 10 significant digits
        "samples": [samples[0]] + [[float(f"{value:.10g}") for value in sample] for sample in samples[1:]],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wan-repo", required=True, help="checkout of github.com/Wan-Video/Wan2.1")
    parser.add_argument("--diffusers-euler", help="scheduling_flow_match_euler_discrete.py, if diffusers is absent")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    refs = load_references(args.wan_repo, args.diffusers_euler)
    cases = [run_case(kind, steps, shift, precision, refs)
             for kind, steps, shift, precisions in CASES for precision in precisions]
    golden = {
        "generator": "scripts/scheduler-reference/make_golden.py",
        "reference": {
            "flow-unipc": "Wan-Video/Wan2.1 wan/utils/fm_solvers_unipc.py FlowUniPCMultistepScheduler("
                          "num_train_timesteps=1000, shift=1, use_dynamic_shifting=False)"
                          ".set_timesteps(steps, shift=shift)",
            "flow-euler": "diffusers FlowMatchEulerDiscreteScheduler(num_train_timesteps=1000, shift=1, "
                          "use_dynamic_shifting=False) with retrieve_timesteps(sigmas=get_sampling_sigmas(steps, "
                          "shift)) from Wan-Video/Wan2.1 wan/utils/fm_solvers.py",
        },
        "torch": torch.__version__,
        "numpy": np.__version__,
        "initialSample": INITIAL_SAMPLE_FORMULA,
        "velocity": VELOCITY_FORMULA,
        "cases": cases,
    }
    with open(args.out, "w") as f:
        json.dump(golden, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {args.out}: {len(cases)} cases, {os.path.getsize(args.out)} bytes")


if __name__ == "__main__":
    main()
