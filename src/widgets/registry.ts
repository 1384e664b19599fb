// The one place a widget is registered: its name (used in <Widget name>, /embed/<name>/, the URL and its custom element
// <vae-NAME>), title, description and chapter. Its code lives in src/widgets/NAME/NAME.ts (see elements.ts) and its CSS in
// src/widgets/NAME/NAME.css (see src/components/Widget.astro); nothing else needs to list it.

export interface WidgetInfo {
  name: string;
  title: string;
  description: string;
  /** The chapter (slug) the widget lives in, for the embed page's "read more" link. */
  chapter: string;
  /** Always true: every registered widget is live (kept so the fault and benchmark scripts can filter on it). */
  ready: true;
  /**
   * False for widgets that compute in plain JavaScript: TensorFlow.js is then never loaded. 'later' for widgets whose first frame
   * in its default state comes shipped (decoded ahead of time): TensorFlow.js loads when the widget asks for it (WidgetElement.tfRuntime).
   */
  needsTf?: false | 'later';
}

export const WIDGETS: WidgetInfo[] = [
  {
    name: 'draw',
    title: 'Draw a digit',
    description: 'Draw a digit and watch the encoder place it in the latent space, live.',
    chapter: 'autoencoders',
    ready: true,
  },
  {
    name: 'latent-walk',
    title: 'Walk the latent space',
    description: 'Move through the 2-D latent space and see each code decoded.',
    chapter: 'latent-space',
    ready: true,
    needsTf: 'later',
  },
  {
    name: 'kl-vs-recon',
    title: 'Reconstruction only, KL only, both',
    description: 'What each half of the ELBO does to the latent space.',
    chapter: 'elbo',
    ready: true,
    needsTf: 'later',
  },
  {
    name: 'denoise',
    title: 'Denoising',
    description: 'Corrupt a digit and compare a denoising autoencoder with a plain one.',
    chapter: 'denoising',
    ready: true,
    needsTf: 'later',
  },
  {
    name: 'kl-sandbox',
    title: 'KL sandbox',
    description: 'Drag two Gaussians and watch both KL divergences.',
    chapter: 'kl-divergence',
    ready: true,
    needsTf: false,
  },
  {
    name: 'reparam',
    title: 'Reparameterization lab',
    description: 'Gradient estimators compared: REINFORCE against the pathwise gradient.',
    chapter: 'reparameterization',
    ready: true,
    needsTf: false,
  },
  {
    name: 'posterior',
    title: 'Posterior inspector',
    description: 'The true posterior of a digit against the encoder’s Gaussian, and the IWAE bound.',
    chapter: 'elbo',
    ready: true,
  },
  {
    name: 'train',
    title: 'Train a VAE',
    description: 'Train a 2-D VAE in your browser and watch its latent space form.',
    chapter: 'train-your-own',
    ready: true,
  },
  { name: 'cvae', title: 'Conditional VAE', description: 'Ask for a digit and a style.', chapter: 'latent-space', ready: true, needsTf: 'later' },
  { name: 'attributes', title: 'Attribute vectors', description: 'Add a “slant vector” to a digit’s code.', chapter: 'latent-space', ready: true },
  {
    name: 'ae-variants',
    title: 'Five autoencoders',
    description: 'One digit through dense, deep, convolutional, sparse and denoising autoencoders.',
    chapter: 'autoencoders',
    ready: true,
    needsTf: 'later',
  },
  {
    name: 'blur',
    title: 'Why samples blur',
    description:
      'One digit’s decoder mean, its pixel samples, the means of codes drawn from its posterior, and (τ ↔ β) the same digit through the β sweep.',
    chapter: 'blur-and-beyond',
    ready: true,
  },
  {
    name: 'anomaly',
    title: 'The ELBO as an anomaly score',
    description: 'Score held-out digits and corrupted or non-digit inputs by −ELBO; histograms, ROC curve and a threshold.',
    chapter: 'blur-and-beyond',
    ready: true,
  },
  {
    name: 'better-prior',
    title: 'Sampling from the prior, or from where the codes are',
    description: 'Samples from N(0, I) against samples from a mixture fitted to the codes, for a VAE and a plain autoencoder.',
    chapter: 'blur-and-beyond',
    ready: true,
  },
  {
    name: 'retrieval',
    title: 'Nearest neighbours in code space',
    description: 'A digit’s eight nearest neighbours by distance between VAE codes, and by distance between pixels.',
    chapter: 'blur-and-beyond',
    ready: true,
    needsTf: 'later',
  },
];

/** Looks a widget up by name, or undefined when there is none. */
export function widgetInfo(name: string): WidgetInfo | undefined {
  return WIDGETS.find((w) => w.name === name);
}
