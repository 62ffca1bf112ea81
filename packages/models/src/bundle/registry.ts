import type { Module } from '@seqlab/core';
import { BundleError } from './errors.js';
import { CONFIG_FILE, type BundleConfig } from './format.js';

/** Builds a freshly initialised model from a bundle's config (weights are loaded afterwards). */
export type ModelBuilder = (config: BundleConfig) => Module;

/** Architecture types a loader can build, by `config.architecture.type`. */
export class ArchitectureRegistry {
  private readonly builders = new Map<string, ModelBuilder>();

  /** Registers (or replaces) the builder of an architecture type. */
  register(type: string, builder: ModelBuilder): this {
    this.builders.set(type, builder);
    return this;
  }

  /** The registered types. */
  types(): string[] {
    return [...this.builders.keys()];
  }

  /** Builds the model of a config; throws a {@link BundleError} for an unknown type. */
  build(config: BundleConfig): Module {
    const builder = this.builders.get(config.architecture.type);
    if (!builder) {
      throw new BundleError(`unknown architecture.type "${config.architecture.type}" (known: ${this.types().join(', ') || 'none registered'})`, CONFIG_FILE);
    }
    try {
      return builder(config);
    } catch (e) {
      throw new BundleError(`architecture "${config.architecture.type}" rejected its hyperparameters: ${(e as Error).message}`, CONFIG_FILE, { cause: e });
    }
  }
}
