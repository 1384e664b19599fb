# Chapter 2: a denoising autoencoder (the book's dae): damaged digits in,
# clean digits out. The same layers, 16-D code, damage mix and loss as the
# model in the book's denoise widget.
import torch
import torch.nn.functional as F
from torch import nn

D_X, D_Z = 784, 16
PIXEL_ROW, PIXEL_COL = torch.arange(D_X) // 28, torch.arange(D_X) % 28


def corrupt(x):
    """x̃ ~ C(x̃|x), one damage per digit: noise, salt/pepper, square, none."""
    n = x.shape[0]
    kind = torch.rand(n, 1)  # 30% Gaussian, 30% salt/pepper, 30% square
    eta = 0.1 + 0.5 * torch.rand(n, 1)  # noise std η in [0.1, 0.6)
    gauss = (x + eta * torch.randn_like(x)).clamp(0, 1)
    # Salt and pepper: a fraction ρ in [0.05, 0.4) of pixels, paper or ink.
    hit = torch.rand_like(x) < 0.05 + 0.35 * torch.rand(n, 1)
    salt = torch.where(hit, (torch.rand_like(x) >= 0.5).float(), x)
    size = torch.randint(6, 15, (n, 1))  # erase a square of side b, 6-14 px
    top, left = (torch.rand(n, 2) * (29 - size)).floor().split(1, dim=1)
    inside = (PIXEL_ROW >= top) & (PIXEL_ROW < top + size)
    inside &= (PIXEL_COL >= left) & (PIXEL_COL < left + size)
    square = x.masked_fill(inside, 0.0)
    return torch.where(kind < 0.3, gauss, torch.where(
        kind < 0.6, salt, torch.where(kind < 0.9, square, x)))  # 10%: none


class DenoisingAutoencoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(  # 784 → 64 → 16
            nn.Linear(D_X, 64), nn.ReLU(), nn.Linear(64, D_Z))
        self.decoder = nn.Sequential(  # 16 → 64 → 784
            nn.Linear(D_Z, 64), nn.ReLU(), nn.Linear(64, D_X))

    def forward(self, x_noisy):
        return self.decoder(self.encoder(x_noisy))  # logits of the clean x


def denoising_loss(model, x):
    """Damage x, reconstruct it, score it against the clean x (BCE)."""
    logits = model(corrupt(x))
    return F.binary_cross_entropy_with_logits(
        logits, x, reduction="none").sum(-1).mean()


if __name__ == "__main__":
    torch.manual_seed(0)
    model = DenoisingAutoencoder()
    # The book trains with Adam, learning rate 2e-3 (cosine decay),
    # batches of 128, 30 epochs.
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    x = torch.rand(128, D_X)  # a stand-in batch; train_vae.py loads MNIST
    loss = denoising_loss(model, x)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"denoising loss {loss.item():.1f} nats per digit")
