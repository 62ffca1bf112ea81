// Side effects only: registers tfjs gradients and chained tensor methods.
export {};
