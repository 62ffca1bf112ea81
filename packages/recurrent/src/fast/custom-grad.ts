import { customGrad, type Tensor } from '@tensorflow/tfjs-core';

/** Keeps tensors for the backward pass (a no-op when no gradient is being recorded). */
export type Save = (tensors: Tensor[]) => void;

/** A forward pass that returns its value and its hand-written gradient function. */
export type GradForward = (
  inputs: Tensor[],
  save: Save,
) => { value: Tensor; gradFunc: (dy: Tensor, saved: Tensor[]) => Tensor[] };

/**
 * `tf.customGrad` for a function of a list of tensors. tfjs types the callback as variadic with
 * `save` last; this wrapper takes the inputs as an array, which the kernels index by position.
 */
export function customGradN(f: GradForward): (...inputs: Tensor[]) => Tensor {
  const g = customGrad(((...args: unknown[]) => {
    const save = args.pop() as Save;
    return f(args as Tensor[], save);
  }) as unknown as Parameters<typeof customGrad>[0]);
  return g as unknown as (...inputs: Tensor[]) => Tensor;
}
