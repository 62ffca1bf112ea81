import {
  cast,
  clone,
  dispose,
  tensor,
  tidy,
  variable,
  type Tensor,
  type Variable,
} from '@tensorflow/tfjs-core';
import { formatShape } from './errors.js';
import { ensureWasmKernels } from './ops/wasm-kernels.js';
import { isHostTensor, type HostTensor } from './host-tensor.js';
import { sizeOf } from './shapes.js';

/** A trainable tensor owned by a {@link Module}: a `tf.Variable`, so tfjs optimizers update it. */
export type Parameter = Variable;

/** A module's state: dotted names (PyTorch `state_dict()` names) to tensors. */
export type StateDict = Record<string, Tensor>;

/** Options of {@link Module.loadStateDict}. */
export interface LoadStateDictOptions {
  /**
   * When true (default), every key of the module must be present and no other key may be:
   * like PyTorch's `strict=True`. Shapes must match in either mode.
   */
  strict?: boolean;
}

/** What {@link Module.loadStateDict} did not load (always empty in strict mode). */
export interface LoadStateDictResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

/** A state dict did not fit a module: lists every missing, unexpected and mis-shaped key. */
export class StateDictError extends Error {
  override readonly name = 'StateDictError';
  constructor(
    readonly missingKeys: string[],
    readonly unexpectedKeys: string[],
    readonly mismatches: { key: string; expected: number[]; actual: number[] }[],
    readonly module: string,
  ) {
    const parts: string[] = [];
    if (missingKeys.length) parts.push(`missing keys: ${missingKeys.join(', ')}`);
    if (unexpectedKeys.length) parts.push(`unexpected keys: ${unexpectedKeys.join(', ')}`);
    for (const m of mismatches) {
      parts.push(`size mismatch for ${m.key}: expected ${formatShape(m.expected)}, got ${formatShape(m.actual)}`);
    }
    super(`Error(s) in loading state dict for ${module} (nothing was loaded): ${parts.join('; ')}`);
  }
}

/**
 * Base class of every layer and model, with PyTorch's `nn.Module` naming: parameters, persistent
 * buffers and child modules registered under names, so that {@link Module.stateDict} yields the
 * same dotted keys as PyTorch's `state_dict()` for the same layer (`encoder.layers.0.linear1.weight`).
 *
 * Subclasses register their state in the constructor:
 * ```ts
 * class MLP extends Module {
 *   readonly fc1 = this.addModule('fc1', new Linear(4, 8));
 *   readonly fc2 = this.addModule('fc2', new Linear(8, 2));
 *   forward(x: tf.Tensor) { return this.fc2.forward(tf.relu(this.fc1.forward(x))); }
 * }
 * ```
 */
export abstract class Module {
  /** Train mode (dropout active) or eval mode. Set with {@link Module.train} / {@link Module.eval}. */
  training = true;
  private readonly params = new Map<string, Parameter>();
  private readonly buffers = new Map<string, { value: Tensor; persistent: boolean }>();
  private readonly children = new Map<string, Module>();

  constructor() {
    // Layers built on raw tfjs ops (the recurrent fast paths) may never reach `mm`, which also
    // installs these: make sure a model on wasm runs on the copy-free kernels.
    ensureWasmKernels();
  }

  /** The class name used in error messages. */
  get typeName(): string {
    return this.constructor.name;
  }

  /**
   * Registers `value` as a trainable parameter named `name` and returns it. The module takes
   * ownership: the tensor is wrapped in a `tf.Variable` and the original is disposed.
   */
  protected addParameter(name: string, value: Tensor, trainable = true): Parameter {
    this.checkName(name);
    const v = variable(value, trainable);
    value.dispose();
    this.params.set(name, v);
    return v;
  }

  /**
   * Registers a tensor that is state but not a parameter (running statistics, fixed tables).
   * Persistent buffers appear in the state dict; non-persistent ones (derived tables) do not.
   */
  protected addBuffer(name: string, value: Tensor, persistent = true): Tensor {
    this.checkName(name);
    this.buffers.set(name, { value, persistent });
    return value;
  }

  /** Replaces a buffer's value (disposing the old one), e.g. a cache grown to a longer length. */
  protected setBuffer(name: string, value: Tensor): Tensor {
    const b = this.buffers.get(name);
    if (!b) throw new Error(`${this.typeName} has no buffer named ${name}`);
    if (b.value !== value) b.value.dispose();
    b.value = value;
    return value;
  }

  /** Registers a child module; its state appears under `name.` in the state dict. */
  protected addModule<M extends Module>(name: string, module: M): M {
    this.checkName(name);
    this.children.set(name, module);
    return module;
  }

  private checkName(name: string): void {
    if (!name || name.includes('.')) throw new Error(`${this.typeName}: invalid name '${name}' (non-empty, no dots)`);
    if (this.params.has(name) || this.buffers.has(name) || this.children.has(name)) {
      throw new Error(`${this.typeName}: '${name}' is already registered`);
    }
  }

  /** Child modules in registration order, with their names. */
  namedChildren(): [string, Module][] {
    return [...this.children.entries()];
  }

  /** This module and every descendant, with dotted names (`''` for this one), depth first. */
  namedModules(prefix = ''): [string, Module][] {
    const out: [string, Module][] = [[prefix, this]];
    for (const [name, child] of this.children) out.push(...child.namedModules(join(prefix, name)));
    return out;
  }

  /** Every parameter with its dotted name, in PyTorch's order (own first, then children). */
  namedParameters(prefix = ''): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    for (const [name, p] of this.params) out.push([join(prefix, name), p]);
    for (const [name, child] of this.children) out.push(...child.namedParameters(join(prefix, name)));
    return out;
  }

  /** Every parameter, e.g. as the `varList` of `optimizer.minimize`. */
  parameters(): Parameter[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** Trainable parameters only. */
  trainableParameters(): Parameter[] {
    return this.parameters().filter((p) => p.trainable);
  }

  /** Total number of parameter elements, like `sum(p.numel() for p in m.parameters())`. */
  numParameters(): number {
    return this.parameters().reduce((n, p) => n + p.size, 0);
  }

  /**
   * Parameters and persistent buffers by dotted name, in PyTorch's `state_dict()` order.
   * The tensors are the module's own (not copies): read them, do not dispose them.
   */
  stateDict(prefix = ''): StateDict {
    const out: StateDict = {};
    for (const [name, p] of this.params) out[join(prefix, name)] = p;
    for (const [name, b] of this.buffers) if (b.persistent) out[join(prefix, name)] = b.value;
    for (const [name, child] of this.children) Object.assign(out, child.stateDict(join(prefix, name)));
    return out;
  }

  /**
   * Copies values into the module's parameters and buffers. Everything is checked before anything
   * is written: on any missing key (strict), unexpected key (strict) or shape mismatch it throws a
   * {@link StateDictError} naming each key and both shapes, and the module is unchanged.
   * Accepts `tf.Tensor`s or host data ({@link HostTensor}, as read from safetensors).
   */
  loadStateDict(
    state: Record<string, Tensor | HostTensor>,
    opts: LoadStateDictOptions = {},
  ): LoadStateDictResult {
    const strict = opts.strict ?? true;
    const own = this.stateDict();
    const missingKeys = Object.keys(own).filter((k) => !(k in state));
    const unexpectedKeys = Object.keys(state).filter((k) => !(k in own));
    const mismatches: { key: string; expected: number[]; actual: number[] }[] = [];
    for (const [key, target] of Object.entries(own)) {
      const src = state[key];
      if (!src) continue;
      const srcShape = [...src.shape];
      const sameShape = srcShape.length === target.shape.length && srcShape.every((d, i) => d === target.shape[i]);
      const srcSize = isHostTensor(src) ? src.data.length : sizeOf(srcShape);
      if (!sameShape || srcSize !== target.size) {
        mismatches.push({ key, expected: [...target.shape], actual: srcShape });
      }
    }
    if (mismatches.length || (strict && (missingKeys.length || unexpectedKeys.length))) {
      throw new StateDictError(strict ? missingKeys : [], strict ? unexpectedKeys : [], mismatches, this.typeName);
    }
    for (const [key, target] of Object.entries(own)) {
      const src = state[key];
      if (!src) continue;
      this.assignState(key, target, src);
    }
    return { missingKeys, unexpectedKeys };
  }

  private assignState(key: string, target: Tensor, src: Tensor | HostTensor): void {
    const value = tidy(() => {
      const t = isHostTensor(src) ? tensor(src.data, src.shape, src.dtype) : src;
      return t.dtype === target.dtype ? clone(t) : cast(t, target.dtype);
    });
    if (isVariable(target)) {
      target.assign(value);
      value.dispose();
      return;
    }
    // A buffer: find its owner and replace the tensor.
    const owner = this.findOwner(key);
    owner.module.setBuffer(owner.name, value);
  }

  private findOwner(key: string): { module: Module; name: string } {
    const parts = key.split('.');
    let m: Module = this;
    for (const part of parts.slice(0, -1)) {
      const next = m.children.get(part);
      if (!next) throw new Error(`no submodule ${part} in ${key}`);
      m = next;
    }
    return { module: m, name: parts[parts.length - 1]! };
  }

  /** Sets train mode (or eval mode with `false`) on this module and every descendant. */
  train(mode = true): this {
    for (const [, m] of this.namedModules()) m.training = mode;
    return this;
  }

  /** Eval mode: dropout off. Same as `train(false)`. */
  eval(): this {
    return this.train(false);
  }

  /** Frees every parameter and buffer of this module and its descendants. */
  dispose(): void {
    for (const [, m] of this.namedModules()) {
      dispose([...m.params.values()]);
      dispose([...m.buffers.values()].map((b) => b.value));
      m.params.clear();
      m.buffers.clear();
    }
  }
}

/**
 * Holds submodules in a list named `0`, `1`, ... like PyTorch's `nn.ModuleList`, so a stack of
 * layers gets the keys `layers.0.weight`, `layers.1.weight`, ...
 */
export class ModuleList<M extends Module = Module> extends Module {
  private readonly items: M[] = [];

  constructor(modules: Iterable<M> = []) {
    super();
    for (const m of modules) this.append(m);
  }

  /** Adds a module at the end, named by its index. */
  append(module: M): M {
    this.addModule(String(this.items.length), module);
    this.items.push(module);
    return module;
  }

  /** The module at `index`. */
  at(index: number): M {
    const m = this.items[index];
    if (!m) throw new RangeError(`ModuleList index ${index} out of range (length ${this.items.length})`);
    return m;
  }

  /** Number of modules. */
  get length(): number {
    return this.items.length;
  }

  [Symbol.iterator](): Iterator<M> {
    return this.items[Symbol.iterator]();
  }
}

function join(prefix: string, name: string): string {
  return prefix ? `${prefix}.${name}` : name;
}

function isVariable(t: Tensor): t is Variable {
  return typeof (t as Variable).assign === 'function' && 'trainable' in t;
}
