# Chapter 6: two ways to estimate ∇ E_q[f(z)] with autograd, for f(z) = z²
# and z ~ N(μ, σ²). Pathwise (the reparameterization trick) against the
# score-function estimator (REINFORCE).
import torch


def f(z):
    return z**2  # E[f(z)] = μ² + σ², so the true gradients are 2μ and 2σ


def pathwise(mu, sigma, eps):
    """One estimate per ε: write z = μ + σ ε, then differentiate f(z)
    through z."""
    mu, sigma = mu.clone().requires_grad_(), sigma.clone().requires_grad_()
    z = mu + sigma * eps  # the noise ε sits outside the parameters
    f(z).sum().backward()  # independent samples: each its own gradient
    return mu.grad, sigma.grad


def score_function(mu, sigma, eps):
    """One estimate per ε: f(z) ∇ log q(z), the log-derivative trick; f is
    never differentiated."""
    mu, sigma = mu.clone().requires_grad_(), sigma.clone().requires_grad_()
    z = (mu + sigma * eps).detach()  # a draw from q; no gradient through it
    log_q = torch.distributions.Normal(mu, sigma).log_prob(z)
    (f(z) * log_q).sum().backward()  # its gradient is f(z) ∇ log q(z)
    return mu.grad, sigma.grad


def exact_variances(mu, sigma):
    """The single-sample variances worked out by hand in chapter 6 (μ then
    σ)."""
    m2, s2 = mu**2, sigma**2
    return {
        "pathwise": (4 * s2, 4 * m2 + 8 * s2),
        "score function": (m2**2 / s2 + 14 * m2 + 15 * s2,
                           2 * m2**2 / s2 + 60 * m2 + 74 * s2),
    }


if __name__ == "__main__":
    torch.manual_seed(0)
    # A confident encoder: a code away from 0, a small σ.
    n, mu0, sigma0 = 200_000, 1.0, 0.1
    mu, sigma = torch.full((n,), mu0), torch.full((n,), sigma0)
    eps = torch.randn(n)  # ε ~ N(0, 1), the same draws for both estimators
    exact = exact_variances(mu0, sigma0)
    for name, estimator in [("pathwise", pathwise),
                            ("score function", score_function)]:
        g_mu, g_sigma = estimator(mu, sigma, eps)
        print(
            f"{name:>14}: mean ∂/∂μ {g_mu.mean():.3f} (true {2 * mu0}), "
            f"variance {g_mu.var():.3f} (exact {exact[name][0]:.3f}); "
            f"∂/∂σ variance {g_sigma.var():.3f} "
            f"(exact {exact[name][1]:.3f})"
        )
