# Chapter 5: the book's main model (vae-2d) and its loss, the negative ELBO.
# The same layers, activations, Bernoulli likelihood and β = 1 as the model
# behind the book's widgets.
import torch
import torch.nn.functional as F
from torch import nn

D_X, D_Z = 784, 2  # 28 × 28 grey pixels in [0, 1]; a 2-D code z


class VAE(nn.Module):
    def __init__(self):
        super().__init__()
        # Encoder q_φ(z|x): 784 → 128 → 64 → (μ_φ(x), log σ²_φ(x)), ReLU.
        self.encoder = nn.Sequential(
            nn.Linear(D_X, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(),
            nn.Linear(64, 2 * D_Z)
        )
        # Decoder p_θ(x|z): 2 → 64 → 256 → 784 logits, one Bernoulli each.
        self.decoder = nn.Sequential(
            nn.Linear(D_Z, 64), nn.ReLU(), nn.Linear(64, 256), nn.ReLU(),
            nn.Linear(256, D_X)
        )

    def encode(self, x):
        mu, logvar = self.encoder(x).chunk(2, dim=-1)  # μ_φ(x), log σ²_φ(x)
        return mu, logvar

    def forward(self, x):
        mu, logvar = self.encode(x)
        eps = torch.randn_like(mu)  # ε ~ N(0, I)
        z = mu + torch.exp(0.5 * logvar) * eps  # z ~ q_φ(z|x), chapter 6
        return self.decoder(z), mu, logvar  # the logits of p_θ(x|z)


def neg_elbo(x, logits, mu, logvar, beta=1.0):
    """The β-weighted −ELBO, nats per digit (batch mean), and its terms."""
    # −log p_θ(x|z): Bernoulli pixels, binary cross-entropy from logits,
    # summed over the 784 pixels.
    recon = F.binary_cross_entropy_with_logits(
        logits, x, reduction="none").sum(-1)
    # KL(q_φ(z|x) ‖ N(0, I)) in closed form (chapter 4):
    # ½ Σ (μ² + σ² − 1 − log σ²).
    kl = 0.5 * (mu.pow(2) + logvar.exp() - 1 - logvar).sum(-1)
    return (recon + beta * kl).mean(), recon.mean(), kl.mean()


if __name__ == "__main__":
    torch.manual_seed(0)
    model = VAE()
    # The book trains with Adam, learning rate 2e-3 (cosine decay),
    # batches of 128, 40 epochs.
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    x = torch.rand(128, D_X)  # a stand-in batch; train_vae.py loads MNIST
    loss, recon, kl = neg_elbo(x, *model(x))
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"−ELBO {loss.item():.1f} nats = reconstruction "
          f"{recon.item():.1f} + KL {kl.item():.2f}")
