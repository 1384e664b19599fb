// The hello widget's state: the 2-number code it decodes. Lives in the URL as hello.z1 / hello.z2.
import { numberField } from '../runtime/url-state.ts';

export const helloSchema = {
  z1: numberField(-4, 4, 0),
  z2: numberField(-4, 4, 0),
};
