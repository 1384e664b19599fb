// Architecture specs: plain JSON-serialisable objects, stored in model.json and used to rebuild a model.

/** Non-linearity used between hidden layers. */
export type Activation = 'relu' | 'elu' | 'tanh' | 'softplus' | 'leakyRelu';

/** A multilayer perceptron: hidden layer widths and their activation. */
export interface MlpSpec {
  hidden: number[];
  activation: Activation;
}

/**
 * An autoencoder over flattened 28x28 images.
 * kind 'vae': the encoder outputs [mu, logvar] (2 * latentDim numbers); 'ae': a deterministic code.
 * numClasses > 0 makes it conditional: a one-hot label is concatenated to the encoder input and to z.
 */
export interface AutoencoderSpec {
  kind: 'vae' | 'ae';
  inputDim: number;
  latentDim: number;
  numClasses: number;
  encoder: MlpSpec;
  decoder: MlpSpec;
  /**
   * Optional convolutional layers (filters per block), for 28x28 images, unconditional models only.
   * Encoder: [3x3 conv + activation + 2x2 max-pool] per entry, then the dense layers.
   * Decoder: dense layers up to a (28 / 2^n)^2 x filters[n-1] map, then per block a 2x nearest-neighbour
   * upsample and a 3x3 conv down the filter list in reverse, the last conv giving 1 channel of logits.
   */
  conv?: number[];
  /** Optional activation on a deterministic code (kind 'ae'), e.g. 'relu' for a sparse autoencoder. */
  codeActivation?: Activation;
}

/** A small conv net (3x3 'same' convs, each followed by 2x2 max-pooling) then dense layers. */
export interface ClassifierSpec {
  kind: 'classifier';
  imageSize: number;
  convFilters: number[];
  dense: number[];
  activation: Activation;
  numClasses: number;
}

/** Any model the library can build. */
export type ModelSpec = AutoencoderSpec | ClassifierSpec;
