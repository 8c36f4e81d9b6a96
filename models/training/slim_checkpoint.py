"""Copy a training checkpoint without its optimiser state, for committing (about a third of the size). Training resumes
from a slim checkpoint with fresh Adam moments.

  /usr/bin/python3 models/training/slim_checkpoint.py models/training/runs/den/last.pt models/training/checkpoints/x.pt
"""
import sys

import torch

src, dst = sys.argv[1], sys.argv[2]
ck = torch.load(src, map_location="cpu")
ck.pop("opt", None)
torch.save(ck, dst)
print(f"{dst}: step {ck.get('step')}, keys {sorted(ck)}")
