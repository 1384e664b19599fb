# Chapter 1: a plain autoencoder with a 2-number code (the book's ae-2d).
# The same layers, activations and loss (binary cross-entropy from logits)
# as the model in the book's widgets.
import torch
import torch.nn.functional as F
from torch import nn

D_X, D_Z = 784, 2  # 28 × 28 grey pixels in [0, 1]; a 2-D code z


class Autoencoder(nn.Module):
    def __init__(self):
        super().__init__()
        # Encoder f: 784 → 32 → 2, a ReLU between the layers.
        self.encoder = nn.Sequential(
            nn.Linear(D_X, 32), nn.ReLU(), nn.Linear(32, D_Z)
        )
        # Decoder g: 2 → 24 → 32 → 784 logits (one per pixel; a sigmoid
        # turns them into grey levels).
        self.decoder = nn.Sequential(
            nn.Linear(D_Z, 24), nn.ReLU(), nn.Linear(24, 32), nn.ReLU(),
            nn.Linear(32, D_X)
        )

    def forward(self, x):
        z = self.encoder(x)  # the code z = f(x): two numbers, no noise
        return self.decoder(z), z  # logits of x̂ = g(z)


def reconstruction_loss(logits, x):
    """Binary cross-entropy between x and x̂ = sigmoid(logits), summed over
    pixels, mean over the batch."""
    # From the logits, for numerical stability ("Why the decoder outputs
    # logits").
    return F.binary_cross_entropy_with_logits(
        logits, x, reduction="none"
    ).sum(-1).mean()


if __name__ == "__main__":
    torch.manual_seed(0)
    model = Autoencoder()
    # The book trains with Adam, learning rate 2e-3 (cosine decay),
    # batches of 128, 30 epochs.
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    x = torch.rand(128, D_X)  # a stand-in batch; train_vae.py loads MNIST
    logits, z = model(x)
    loss = reconstruction_loss(logits, x)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"codes {tuple(z.shape)}, "
          f"reconstruction loss {loss.item():.1f} nats per digit")
