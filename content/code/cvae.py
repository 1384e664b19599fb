# Chapter 7: the conditional VAE (the book's cvae-2d): the label y goes into
# both networks. The same layers, activations, Bernoulli likelihood and
# β = 1 as the model in the book's cvae widget.
import torch
import torch.nn.functional as F
from torch import nn

D_X, D_Z, N_CLASSES = 784, 2, 10  # pixels, a 2-D code for style, 10 classes


class ConditionalVAE(nn.Module):
    def __init__(self):
        super().__init__()
        # Encoder q_φ(z|x, y): [x, one-hot y] (794) → 48 → (μ_φ, log σ²_φ).
        self.encoder = nn.Sequential(
            nn.Linear(D_X + N_CLASSES, 48), nn.ReLU(), nn.Linear(48, 2 * D_Z))
        # Decoder p_θ(x|z, y): [z, one-hot y] (12) → 32 → 96 → 784 logits.
        self.decoder = nn.Sequential(
            nn.Linear(D_Z + N_CLASSES, 32), nn.ReLU(), nn.Linear(32, 96),
            nn.ReLU(), nn.Linear(96, D_X))

    def decode(self, z, y):
        return self.decoder(torch.cat([z, y], dim=-1))  # logits, p_θ(x|z, y)

    def forward(self, x, y):
        mu, logvar = self.encoder(torch.cat([x, y], dim=-1)).chunk(2, dim=-1)
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)  # μ + σ ⊙ ε
        return self.decode(z, y), mu, logvar


def neg_elbo(x, logits, mu, logvar, beta=1.0):
    """−ELBO of log p_θ(x|y) in nats per digit (batch mean):
    −log p_θ(x|z, y) + β KL(q_φ(z|x, y) ‖ N(0, I))."""
    recon = F.binary_cross_entropy_with_logits(
        logits, x, reduction="none").sum(-1)
    kl = 0.5 * (mu.pow(2) + logvar.exp() - 1 - logvar).sum(-1)  # any class
    return (recon + beta * kl).mean()


@torch.no_grad()
def draw(model, digit, n=8):
    """Digits of a chosen class: pick y, draw z ~ N(0, I), decode (means)."""
    y = F.one_hot(torch.full((n,), digit), N_CLASSES).float()
    return torch.sigmoid(model.decode(torch.randn(n, D_Z), y)).view(
        n, 28, 28)


if __name__ == "__main__":
    torch.manual_seed(0)
    model = ConditionalVAE()
    # The book trains with Adam, lr 2e-3 (cosine), batches of 128, 30 epochs.
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    x = torch.rand(128, D_X)  # a stand-in batch, random labels; see chapter 8
    y = F.one_hot(torch.randint(0, N_CLASSES, (128,)), N_CLASSES).float()
    loss = neg_elbo(x, *model(x, y))
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"−ELBO {loss.item():.1f} nats; "
          f"eight 7s drawn: {tuple(draw(model, 7).shape)}")
