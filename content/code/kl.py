# Chapter 4: KL(q ‖ p) for a diagonal Gaussian q = N(μ, diag σ²) against
# the prior p = N(0, I), in closed form from the log-variance (the VAE's
# KL term) and by Monte Carlo from the definition.
import torch
from torch.distributions import Normal


def kl_closed_form(mu, logvar):
    """½ Σₖ (μₖ² + e^{vₖ} − vₖ − 1), with vₖ = log σₖ²: no sampling,
    exact gradients."""
    return 0.5 * (mu.pow(2) + logvar.exp() - logvar - 1).sum(-1)


def kl_monte_carlo(mu, logvar, samples):
    """(1/S) Σₛ [log q(z⁽ˢ⁾) − log p(z⁽ˢ⁾)] with z⁽ˢ⁾ ~ q: unbiased,
    standard error ∝ 1/√S."""
    q, p = (Normal(mu, torch.exp(0.5 * logvar)),
            Normal(torch.zeros_like(mu), torch.ones_like(mu)))
    z = q.sample((samples,))
    # One term per sample; single terms can be negative.
    terms = (q.log_prob(z) - p.log_prob(z)).sum(-1)
    return terms.mean(), terms.std() / samples**0.5


if __name__ == "__main__":
    torch.manual_seed(0)
    # A 2-D code's q(z|x).
    mu, logvar = torch.tensor([1.0, -0.5]), torch.tensor([-1.0, 0.5])
    print(f"closed form     {kl_closed_form(mu, logvar):.4f} nats")
    for s in (10, 1_000, 100_000):
        estimate, stderr = kl_monte_carlo(mu, logvar, s)
        print(f"S = {s:>7,}     {estimate:.4f} ± {stderr:.4f}")
